package org.lifeboat.monitoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.lifeboat.failover.FailoverPhase;
import org.lifeboat.protecteditem.ReplicationPhase;

class ItemStatusComputationTest {

    private static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");
    private static final ThroughputSampler.Rates RATES = new ThroughputSampler.Rates(0, 0,
            Map.of("d1", 1000L, "d2", 500L, "other", 7L), NOW);

    private static ItemStatus status(List<ItemStatusService.DiskFigures> disks) {
        return status(null, disks);
    }

    private static ItemStatus status(FailoverPhase phase, List<ItemStatusService.DiskFigures> disks) {
        return ItemStatusService.status("vm", "agent", NOW.minusSeconds(20), NOW.minusSeconds(3600), "p", 1, phase,
                disks, RATES, 90, NOW);
    }

    @Test
    void anItemFailedOverHasNoRpoAndNoReplicationAlarmsWhileItsAgentIsSilent() {
        List<ItemStatusService.DiskFigures> stale = List.of(new ItemStatusService.DiskFigures("d1",
                ReplicationPhase.DELTA, 100, 0, NOW.minusSeconds(3600)));
        assertEquals(Health.CRITICAL, status(FailoverPhase.NONE, stale).health(), "replicating: the RPO is an alarm");
        for (FailoverPhase phase : List.of(FailoverPhase.FAILED_OVER, FailoverPhase.COMMITTED,
                FailoverPhase.REPLICATING_BACK)) {
            ItemStatus status = status(phase, stale);
            assertNull(status.rpoSeconds(), phase.name());
            assertEquals(List.of(), status.reasons(), phase.name());
            assertEquals(Health.NORMAL, status.health(), phase.name());
        }
    }

    @Test
    void rpoIsMeasuredFromTheDiskFurthestBehind() {
        ItemStatus status = status(List.of(
                new ItemStatusService.DiskFigures("d1", ReplicationPhase.DELTA, 100, 10, NOW.minusSeconds(5)),
                new ItemStatusService.DiskFigures("d2", ReplicationPhase.DELTA, 100, 20, NOW.minusSeconds(50))));
        assertEquals(50L, status.rpoSeconds());
        assertEquals(30, status.pendingBytes());
        assertEquals(1500, status.throughputBytesPerSecond(), "only the item's own disks count");
        assertEquals(100, status.initialPercent());
        assertFalse(status.initialReplication());
        assertEquals(Health.NORMAL, status.health());
    }

    @Test
    void rpoIsUnknownUntilEveryDiskUploadedAndProgressIsAveraged() {
        ItemStatus status = status(List.of(
                new ItemStatusService.DiskFigures("d1", ReplicationPhase.DELTA, 100, 0, NOW.minusSeconds(5)),
                new ItemStatusService.DiskFigures("d2", ReplicationPhase.INITIAL, 40, 0, null)));
        assertNull(status.rpoSeconds());
        assertEquals(70, status.initialPercent());
        assertTrue(status.has(HealthReason.INITIAL_REPLICATION));
        assertEquals(Health.WARNING, status.health());
    }

    @Test
    void rpoPastTheThresholdMakesTheItemCritical() {
        ItemStatus status = status(List.of(new ItemStatusService.DiskFigures("d1", ReplicationPhase.DELTA, 100, 0,
                NOW.minusSeconds(61))));
        assertEquals(Health.CRITICAL, status.health());
        assertTrue(status.has(HealthReason.RPO_THRESHOLD_EXCEEDED));
    }

    @Test
    void aDiskTheProcessServerKeepsFailingOnMakesTheItemCriticalWithTheReason() {
        ItemStatus status = status(List.of(
                new ItemStatusService.DiskFigures("d1", ReplicationPhase.DELTA, 100, 0, NOW.minusSeconds(5)),
                new ItemStatusService.DiskFigures("d2", ReplicationPhase.DELTA, 100, 0, NOW.minusSeconds(5), "/dev/sdb",
                        List.of("applying its log to its seed blob failed 3 times in a row since "
                                + NOW.minusSeconds(10) + " (next try in 4 s): LeaseIdMissing"))));
        assertEquals(Health.CRITICAL, status.health());
        assertTrue(status.has(HealthReason.DISK_REPLICATION_FAILING));
        HealthReason reason = status.reasons().stream()
                .filter(r -> r.code().equals(HealthReason.DISK_REPLICATION_FAILING)).findFirst().orElseThrow();
        assertTrue(reason.message().startsWith("disk /dev/sdb: applying") && reason.message().endsWith("LeaseIdMissing"),
                reason.message());
    }
}
