package org.lifeboat.web.api;

import org.eclipse.microprofile.openapi.annotations.media.Schema;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.lifeboat.failover.FailoverStatus;
import org.lifeboat.monitoring.HealthReason;
import org.lifeboat.monitoring.ItemStatus;
import org.lifeboat.protecteditem.ProtectedDisk;
import org.lifeboat.protecteditem.ProtectedItem;
import org.lifeboat.recoverypoint.RecoveryPoint;
import org.lifeboat.replicationgroup.GroupRound;

/** The protected-item API's bodies. */
public final class ProtectedItemDtos {

    private ProtectedItemDtos() {
    }

    /** Names the machine by its agent, or by its protectable item (a discovered VM with a matched agent). */
    public record Enable(String agentId, String protectableItemId, String policy) {
    }

    public record Disk(String diskId, String path, long sizeBytes, String phase, int initialPercent,
                       long pendingBytes, long appliedSequence, Instant uploadedSourceTime, Instant appliedSourceTime,
                       @Schema(description = "how the agent finds the disk's changes: trace or scan, as last reported")
                       String tracker,
                       @Schema(description = "why it is scanned rather than traced, or the trace's last gap")
                       String trackerNote) {
        static Disk of(ProtectedDisk disk) {
            return new Disk(disk.getId(), disk.getPath(), disk.getSizeBytes(), disk.getPhase().name(),
                    disk.getInitialPercent(), disk.getPendingBytes(), disk.getAppliedSequence(),
                    disk.getUploadedSourceTime(), disk.getAppliedSourceTime(), disk.getTracker(),
                    disk.getTrackerNote());
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
     * {@link ItemStatus}, like the item's MBean and metrics. An item rebuilt from the vault catalog after
     * its site was lost has state {@code Recovered}, {@code recoveredAt} set and no agent.
     */
    public record Item(String name, String agentId, String agentName, String policy, Instant enabledAt,
                       String state, Long rpoSeconds, int rpoThresholdMinutes, String health,
                       List<Reason> healthReasons, int initialPercent, long pendingBytes,
                       long throughputBytesPerSecond, Instant lastHeartbeatAt, List<Disk> disks,
                       Point latestRecoveryPoint, String protectionState, String activeLocation,
                       String testFailoverState, List<String> allowedOperations, String failoverRecoveryPointId,
                       String testFailoverRecoveryPointId, Instant recoveredAt, String reverseItem,
                       String failbackRecoveryPointId, String replicationGroup, String processServer,
                       long processServerEpoch) {

        /**
         * {@code protectionState}: Protected only once initial replication is done and a recovery point exists
         * (InitialReplication before), then FailoverInProgress, FailedOver, FailoverCommitted. {@code state} is
         * the same, except that a Protected item recovered from the vault catalog is {@code Recovered}: its
         * points can be failed over, but no agent replicates it. While failing back, {@code reverseItem} is the
         * item its failed-over machine replicates back as, and {@code failbackRecoveryPointId} the reverse side's
         * final point after plannedFailover (what the master target applies). {@code processServer}: the process
         * server it is assigned to ({@code builtin} or a scale-out one), with the assignment's fencing epoch.
         */
        public static Item of(ProtectedItem item, ItemStatus status, Optional<RecoveryPoint> latest,
                       Optional<String> group) {
            List<Disk> disks = item.getDisks().stream().map(Disk::of).toList();
            FailoverStatus failover = item.failover();
            // a recovered item (its site lost) has no agent to report initial replication: its points are what counts
            boolean hasPoint = latest.isPresent();
            String protection = JobDto.name(failover.protectionState(hasPoint
                    && (item.isRecovered() || status.initialPercent() == 100)));
            String state = item.isRecovered() && "Protected".equals(protection) ? "Recovered" : protection;
            var agent = Optional.ofNullable(item.getAgent());
            return new Item(item.getName(), agent.map(a -> a.getId()).orElse(null), agent.map(a -> a.getName()).orElse(null),
                    item.getPolicy().getName(), item.getEnabledAt(), state, status.rpoSeconds(),
                    status.rpoThresholdMinutes(), status.health().label(),
                    status.reasons().stream().map(Reason::of).toList(), status.initialPercent(),
                    status.pendingBytes(), status.throughputBytesPerSecond(), status.lastHeartbeatAt(), disks,
                    latest.map(Point::of).orElse(null), protection, JobDto.name(failover.activeLocation()),
                    JobDto.name(failover.testState()), failover.allowedOperationNames(hasPoint),
                    failover.failoverPointId(), failover.testPointId(), item.getRecoveredAt(), failover.reverseItem(),
                    failover.failbackPointId(), group.orElse(null), item.getProcessServer(),
                    item.getAssignmentEpoch());
        }
    }

    /** The body of a switch: the process server to move to, by name ({@code builtin} for the built-in one). */
    public record SwitchProcessServer(String processServer) {
    }

    /** One item a switch moved, with its new fencing epoch. */
    public record Switched(String item, String from, String to, long epoch) {
        public static Switched of(org.lifeboat.scaleout.ProcessServerAssignments.Switched s) {
            return new Switched(s.item(), s.from(), s.to(), s.epoch());
        }
    }

    /** {@code groupRoundTag}: the replication group round the point was taken in, else null. */
    public record Point(String id, String bookmarkId, Instant sourceTime, String consistency, Instant createdAt,
                        Map<String, String> snapshots, BootVerificationDtos.Result bootVerification,
                        String groupRoundTag) {
        public static Point of(RecoveryPoint point) {
            return new Point(point.getId(), point.getBookmarkId(), point.getSourceTime(),
                    point.getConsistency().name(), point.getCreatedAt(), Map.copyOf(point.getSnapshots()),
                    point.getBootVerification().map(BootVerificationDtos.Result::of).orElse(null),
                    GroupRound.isGroupTag(point.getBookmarkId()) ? point.getBookmarkId() : null);
        }
    }
}
