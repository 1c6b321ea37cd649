package org.lifeboat.recoverypoint;

import java.time.Duration;
import java.time.Instant;
import java.util.logging.Level;
import java.util.logging.Logger;
import jakarta.ejb.EJB;
import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.inject.Inject;
import org.lifeboat.protecteditem.ProtectedItem;
import org.lifeboat.protecteditem.ReplicationEnabler;
import org.lifeboat.protecteditem.SeedBlobStore;

/**
 * Prunes recovery points older than their item's retention window, snapshots first, every five
 * minutes. The newest point of an item is always kept, however old, so an item never has none.
 */
@Singleton
public class RecoveryPointRetention {

    private static final Logger LOG = Logger.getLogger(RecoveryPointRetention.class.getName());

    @EJB
    private ReplicationEnabler replication;

    @EJB
    private RecoveryPoints recoveryPoints;

    @Inject
    private SeedBlobStore seeds;

    @Schedule(minute = "*/5", hour = "*", persistent = false)
    void prune() {
        for (ProtectedItem item : replication.all()) {
            Instant cutOff = Instant.now().minus(Duration.ofHours(item.getPolicy().getRetentionHours()));
            String newest = recoveryPoints.latest(item.getName()).map(RecoveryPoint::getId).orElse("");
            for (RecoveryPoint point : recoveryPoints.olderThan(item.getName(), cutOff)) {
                if (point.getId().equals(newest)) {
                    continue;
                }
                try {
                    item.getDisks().forEach(disk -> {
                        String snapshot = point.getSnapshots().get(disk.getId());
                        if (snapshot != null) {
                            seeds.deleteSnapshot(disk.getSeedBlobName(), snapshot);
                        }
                    });
                    recoveryPoints.remove(point);
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "Recovery point {0} not pruned yet: {1}",
                            new Object[]{point.getId(), e.getMessage()});
                }
            }
        }
    }
}
