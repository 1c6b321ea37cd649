package org.lifeboat.vault;

import java.time.Instant;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * The operator's word that the vault recovery key is kept away from this site: one row, written once, so the
 * console stops reminding. It records who said so and when, nothing of the key.
 */
@Entity
@Table(name = "RECOVERY_KEY_CONFIRMATION")
public class RecoveryKeyConfirmation {

    static final String ID = "vault-recovery-key";

    @Id
    @Column(length = 32)
    private String id = ID;

    @Column(nullable = false)
    private Instant confirmedAt;

    @Column(nullable = false, length = 128)
    private String confirmedBy;

    protected RecoveryKeyConfirmation() {
        // for JPA
    }

    RecoveryKeyConfirmation(Instant confirmedAt, String confirmedBy) {
        this.confirmedAt = confirmedAt;
        this.confirmedBy = confirmedBy;
    }

    public Instant getConfirmedAt() {
        return confirmedAt;
    }

    public String getConfirmedBy() {
        return confirmedBy;
    }
}
