package org.lifeboat.vault;

import java.time.Instant;
import java.util.Optional;
import jakarta.ejb.Stateless;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

/** Whether the operator confirmed the vault recovery key is saved off-site (the dashboard's reminder ends then). */
@Stateless
public class RecoveryKeyConfirmationRepository {

    @PersistenceContext
    private EntityManager em;

    public Optional<RecoveryKeyConfirmation> confirmation() {
        return Optional.ofNullable(em.find(RecoveryKeyConfirmation.class, RecoveryKeyConfirmation.ID));
    }

    /** Records the confirmation; a second one keeps the first (who confirmed first, and when). */
    public RecoveryKeyConfirmation confirm(String by) {
        return confirmation().orElseGet(() -> {
            RecoveryKeyConfirmation confirmation = new RecoveryKeyConfirmation(Instant.now(), by);
            em.persist(confirmation);
            return confirmation;
        });
    }

    /** Brings the reminder back (the key was replaced, or the copy lost); no confirmation is no change. */
    public void withdraw() {
        confirmation().ifPresent(em::remove);
    }
}
