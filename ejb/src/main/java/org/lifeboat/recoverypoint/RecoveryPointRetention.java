package org.lifeboat.recoverypoint;

import java.time.Duration;
import java.time.Instant;
import jakarta.ejb.EJB;
import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import org.lifeboat.protecteditem.ProtectedItem;
import org.lifeboat.protecteditem.ReplicationEnabler;

/**
 * Prunes recovery points older than their item's retention window every five minutes: each is marked
 * deleting (in its own transaction, so it is listed nowhere from then on), then its snapshots are
 * deleted ({@link PendingDeletions}). The newest point of an item is always kept, however old, so an
 * item never has none. Items recovered from the vault after a site loss keep all their points.
 */
@Singleton
public class RecoveryPointRetention {

    @EJB
    private ReplicationEnabler replication;

    @EJB
    private RecoveryPointRepository recoveryPoints;

    @EJB
    private PendingDeletions deletions;

    @Schedule(minute = "*/5", hour = "*", persistent = false)
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    public void prune() {
        for (ProtectedItem item : replication.all()) {
            if (item.failover().replicationStopped()) {
                continue; // failed over: every point stays until the commit (applyRecoveryPoint may pick any)
            }
            if (item.isRecovered()) {
                continue; // a lost site's points: no newer ones come, and they are what failover has left
            }
            Instant cutOff = Instant.now().minus(Duration.ofHours(item.getPolicy().getRetentionHours()));
            String newest = recoveryPoints.latest(item.getName()).map(RecoveryPoint::getId).orElse("");
            for (RecoveryPoint point : recoveryPoints.olderThan(item.getName(), cutOff)) {
                if (!point.getId().equals(newest)) {
                    recoveryPoints.markDeleting(point.getId());
                }
            }
        }
        deletions.finish();
    }
}
