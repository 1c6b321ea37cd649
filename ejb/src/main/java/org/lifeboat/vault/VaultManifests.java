package org.lifeboat.vault;

import java.util.List;
import java.util.Optional;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import org.lifeboat.protecteditem.ProtectedItem;
import org.lifeboat.protecteditem.ReplicationEnabler;
import org.lifeboat.protecteditem.SeedBlobRemoval;
import org.lifeboat.recoverypoint.RecoveryPointRepository;
import org.lifeboat.replicationgroup.ReplicationGroupRepository;

/**
 * Reads what the vault catalog must say of an item from the database, in a transaction of its own: REQUIRES_NEW,
 * not the caller's, because Payara ran the catalog's timer in a transaction despite its NOT_SUPPORTED, and 500
 * items' reads in one persistence context (every read flushing every entity read before) filled a 768 MB heap
 * with EclipseLink change sets (docs/BENCHMARKS.md, "Console dashboard on a large site").
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
public class VaultManifests {

    @PersistenceContext
    private EntityManager em;

    @EJB
    private RecoveryPointRepository recoveryPoints;

    @EJB
    private ReplicationEnabler replication;

    @EJB
    private ReplicationGroupRepository groups;

    /** The item's manifest as of now; empty when the item is gone (disabled). */
    public Optional<ItemManifest> of(String itemName) {
        ProtectedItem item = em.find(ProtectedItem.class, itemName);
        return item == null ? Optional.empty() : Optional.of(ItemManifest.of(item, recoveryPoints.of(itemName),
                groups.groupOf(itemName).flatMap(groups::find).orElse(null)));
    }

    public List<String> itemNames() {
        return em.createQuery("SELECT i.name FROM ProtectedItem i ORDER BY i.name", String.class).getResultList();
    }

    /** Seed blobs of items disabled here whose deletion is still to come. */
    public List<String> seedsBeingRemoved() {
        return replication.pendingSeedRemovals().stream().map(SeedBlobRemoval::getBlobName).toList();
    }
}
