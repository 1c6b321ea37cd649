package org.lifeboat.recoverypoint;

import java.util.logging.Level;
import java.util.logging.Logger;
import jakarta.ejb.Asynchronous;
import jakarta.ejb.EJB;
import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import org.lifeboat.protecteditem.ReplicationEnabler;
import org.lifeboat.protecteditem.SeedBlobRemoval;
import org.lifeboat.protecteditem.SeedBlobStore;
import org.lifeboat.vault.VaultCatalog;

/**
 * Deletes in Azure Storage what the vault already let go of, outside any transaction: the snapshots of
 * recovery points marked {@link RecoveryPointState#DELETING} (pruned, or of a disabled item), then the
 * seed blobs of disabled items. Each deletion is idempotent, and a row goes only after Azure Storage
 * confirmed, so whatever fails (Azure Storage away, the server stopped halfway) is simply done again
 * at the next pass, every minute. Nothing is deleted while the vault catalog in storage still names it.
 */
@Singleton
public class PendingDeletions {

    private static final Logger LOG = Logger.getLogger(PendingDeletions.class.getName());

    @EJB
    private RecoveryPointRepository recoveryPoints;

    @EJB
    private ReplicationEnabler replication;

    @Inject
    private SeedBlobStore seeds;

    @EJB
    private VaultCatalog vaultCatalog;

    @Schedule(minute = "*", hour = "*", persistent = false)
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    public void finish() {
        // the vault catalog must stop naming a snapshot or seed blob before it goes, never after
        if (!vaultCatalog.flush()) {
            LOG.fine("Deletions wait for the vault catalog to be written");
            return;
        }
        int left = 0;
        for (RecoveryPoint point : recoveryPoints.deleting()) {
            try {
                point.getSnapshots().forEach((disk, snapshot) ->
                        seeds.deleteSnapshot(SeedBlobStore.nameOf(disk), snapshot));
                recoveryPoints.remove(point.getId());
            } catch (RuntimeException e) {
                left++;
                LOG.log(Level.FINE, "Recovery point " + point.getId() + " not deleted yet", e);
            }
        }
        for (SeedBlobRemoval removal : replication.pendingSeedRemovals()) {
            try {
                seeds.delete(removal.getBlobName());
                replication.seedRemoved(removal.getBlobName());
            } catch (RuntimeException e) {
                left++;
                LOG.log(Level.FINE, "Seed blob " + removal.getBlobName() + " not deleted yet", e);
            }
        }
        if (left > 0) {
            int count = left;
            LOG.warning(() -> count + " deletion(s) in Azure Storage failed; retried in a minute");
        }
    }

    /** Starts a pass now, without making the caller wait for Azure Storage. */
    @Asynchronous
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    public void finishSoon() {
        finish();
    }
}
