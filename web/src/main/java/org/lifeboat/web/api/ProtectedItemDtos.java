package org.lifeboat.web.api;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.lifeboat.monitoring.HealthReason;
import org.lifeboat.monitoring.ItemStatus;
import org.lifeboat.protecteditem.ProtectedDisk;
import org.lifeboat.protecteditem.ProtectedItem;
import org.lifeboat.recoverypoint.RecoveryPoint;

/** The protected-item API's bodies. */
public final class ProtectedItemDtos {

    private ProtectedItemDtos() {
    }

    /** Names the machine by its agent, or by its protectable item (a discovered VM with a matched agent). */
    public record Enable(String agentId, String protectableItemId, String policy) {
    }

    public record Disk(String diskId, String path, long sizeBytes, String phase, int initialPercent,
                       long pendingBytes, long appliedSequence, Instant uploadedSourceTime, Instant appliedSourceTime) {
        static Disk of(ProtectedDisk disk) {
            return new Disk(disk.getId(), disk.getPath(), disk.getSizeBytes(), disk.getPhase().name(),
                    disk.getInitialPercent(), disk.getPendingBytes(), disk.getAppliedSequence(),
                    disk.getUploadedSourceTime(), disk.getAppliedSourceTime());
        }
    }

    /** Why the item is not Normal. */
    public record Reason(String code, String health, String message) {
        static Reason of(HealthReason reason) {
            return new Reason(reason.code(), reason.health().label(), reason.message());
        }
    }

    /**
     * A protected item's state. {@code rpoSeconds}: now minus the source time of the newest state
     * that is durable in Azure for every disk; null until each disk has uploaded something. The
     * monitoring figures (RPO, health and its reasons, progress, pending bytes, throughput) come from
     * {@link ItemStatus}, like the item's MBean and metrics.
     */
    public record Item(String name, String agentId, String agentName, String policy, Instant enabledAt,
                       String state, Long rpoSeconds, int rpoThresholdMinutes, String health,
                       List<Reason> healthReasons, int initialPercent, long pendingBytes,
                       long throughputBytesPerSecond, Instant lastHeartbeatAt, List<Disk> disks,
                       Point latestRecoveryPoint) {

        static Item of(ProtectedItem item, ItemStatus status, Optional<RecoveryPoint> latest) {
            List<Disk> disks = item.getDisks().stream().map(Disk::of).toList();
            String state = latest.isPresent() && status.initialPercent() == 100 ? "Protected" : "InitialReplication";
            return new Item(item.getName(), item.getAgent().getId(), item.getAgent().getName(),
                    item.getPolicy().getName(), item.getEnabledAt(), state, status.rpoSeconds(),
                    status.rpoThresholdMinutes(), status.health().label(),
                    status.reasons().stream().map(Reason::of).toList(), status.initialPercent(),
                    status.pendingBytes(), status.throughputBytesPerSecond(), status.lastHeartbeatAt(), disks,
                    latest.map(Point::of).orElse(null));
        }
    }

    public record Point(String id, String bookmarkId, Instant sourceTime, String consistency, Instant createdAt,
                        Map<String, String> snapshots, BootVerificationDtos.Result bootVerification) {
        static Point of(RecoveryPoint point) {
            return new Point(point.getId(), point.getBookmarkId(), point.getSourceTime(),
                    point.getConsistency().name(), point.getCreatedAt(), Map.copyOf(point.getSnapshots()),
                    point.getBootVerification().map(BootVerificationDtos.Result::of).orElse(null));
        }
    }
}
