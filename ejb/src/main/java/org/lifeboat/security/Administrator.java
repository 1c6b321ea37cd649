package org.lifeboat.security;

import java.time.Instant;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * A person who manages the vault. Only a PBKDF2 hash of the password is kept; the web module's
 * identity store reads this table directly (see {@link AdministratorCredentials}).
 */
@Entity
@Table(name = "ADMINISTRATOR")
public class Administrator {

    @Id
    @Column(name = "NAME", length = 64)
    private String name;

    @Column(name = "PASSWORD_HASH", nullable = false, length = 512)
    private String passwordHash;

    @Column(nullable = false)
    private Instant createdAt;

    protected Administrator() {
        // for JPA
    }

    Administrator(String name, String passwordHash, Instant createdAt) {
        this.name = name;
        this.passwordHash = passwordHash;
        this.createdAt = createdAt;
    }

    public String getName() {
        return name;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }
}
