package org.lifeboat.web.api;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.lifeboat.protecteditem.ProtectedDisk;
import org.lifeboat.protecteditem.ProtectedItem;
import org.lifeboat.recoverypoint.RecoveryPoint;

/** The protected-item API's bodies. */
public final class ProtectedItemDtos {

    private ProtectedItemDtos() {
    }

    public record Enable(String agentId, String policy) {
    }

    public record Disk(String diskId, String path, long sizeBytes, String phase, int initialPercent,
                       long pendingBytes, long appliedSequence, Instant uploadedSourceTime, Instant appliedSourceTime) {
        static Disk of(ProtectedDisk disk) {
            return new Disk(disk.getId(), disk.getPath(), disk.getSizeBytes(), disk.getPhase(),
                    disk.getInitialPercent(), disk.getPendingBytes(), disk.getAppliedSequence(),
                    disk.getUploadedSourceTime(), disk.getAppliedSourceTime());
        }
    }

    /**
     * A protected item's state. {@code rpoSeconds}: now minus the source time of the newest state
     * that is durable in Azure for every disk; null until each disk has uploaded something.
     */
    public record Item(String name, String agentId, String agentName, String policy, Instant enabledAt,
                       String state, Long rpoSeconds, int initialPercent, List<Disk> disks, Point latestRecoveryPoint) {

        static Item of(ProtectedItem item, Optional<RecoveryPoint> latest) {
            List<Disk> disks = item.getDisks().stream().map(Disk::of).toList();
            Long rpo = null;
            if (!disks.isEmpty() && disks.stream().allMatch(d -> d.uploadedSourceTime() != null)) {
                Instant oldest = disks.stream().map(Disk::uploadedSourceTime).min(Instant::compareTo).orElseThrow();
                rpo = Math.max(0, Duration.between(oldest, Instant.now()).toSeconds());
            }
            int initial = disks.isEmpty() ? 0
                    : (int) disks.stream().mapToInt(d -> "DELTA".equals(d.phase()) ? 100 : d.initialPercent()).average()
                    .orElse(0);
            String state = latest.isPresent() && initial == 100 ? "Protected" : "InitialReplication";
            return new Item(item.getName(), item.getAgent().getId(), item.getAgent().getName(),
                    item.getPolicy().getName(), item.getEnabledAt(), state, rpo, initial, disks,
                    latest.map(Point::of).orElse(null));
        }
    }

    public record Point(String id, String bookmarkId, Instant sourceTime, String consistency, Instant createdAt,
                        Map<String, String> snapshots) {
        static Point of(RecoveryPoint point) {
            return new Point(point.getId(), point.getBookmarkId(), point.getSourceTime(),
                    point.getConsistency().name(), point.getCreatedAt(), Map.copyOf(point.getSnapshots()));
        }
    }
}
