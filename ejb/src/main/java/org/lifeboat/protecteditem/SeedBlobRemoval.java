package org.lifeboat.protecteditem;

import java.time.Instant;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;

/**
 * A seed blob (with its snapshots) still to be deleted in Azure Storage, of a disk whose item was
 * disabled. Written in the transaction that removes the item, so the deletion happens after that
 * committed, and is retried until Azure Storage confirms it.
 */
@Entity
@Table(name = "SEED_BLOB_REMOVAL")
@NamedQuery(name = SeedBlobRemoval.ALL, query = "SELECT r FROM SeedBlobRemoval r ORDER BY r.requestedAt")
public class SeedBlobRemoval {

    public static final String ALL = "SeedBlobRemoval.all";

    @Id
    @Column(length = 128)
    private String blobName;

    @Column(nullable = false)
    private Instant requestedAt;

    protected SeedBlobRemoval() {
        // for JPA
    }

    SeedBlobRemoval(String blobName, Instant requestedAt) {
        this.blobName = blobName;
        this.requestedAt = requestedAt;
    }

    public String getBlobName() {
        return blobName;
    }

    public Instant getRequestedAt() {
        return requestedAt;
    }
}
