package org.lifeboat.monitoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ItemHealthRulesTest {

    private static final Duration TIMEOUT = Duration.ofMinutes(15);
    private static final Duration FRESH = Duration.ofSeconds(20);

    private static List<HealthReason> reasons(Long rpo, int threshold, boolean initial, Duration silence,
                                              double cacheFree) {
        return ItemHealthRules.reasons(rpo, threshold, initial, 40, silence, TIMEOUT, cacheFree);
    }

    @Test
    void aReplicatingItemWithinItsThresholdIsNormal() {
        List<HealthReason> reasons = reasons(30L, 1, false, FRESH, 90);
        assertTrue(reasons.isEmpty(), reasons.toString());
        assertEquals(Health.NORMAL, ItemHealthRules.health(reasons));
    }

    @Test
    void rpoAboveTheThresholdIsCritical() {
        assertEquals(Health.NORMAL, ItemHealthRules.health(reasons(60L, 1, false, FRESH, 90)), "exactly at it");
        List<HealthReason> reasons = reasons(61L, 1, false, FRESH, 90);
        assertEquals(Health.CRITICAL, ItemHealthRules.health(reasons));
        assertEquals(HealthReason.RPO_THRESHOLD_EXCEEDED, reasons.get(0).code());
    }

    @Test
    void anUnknownRpoRaisesNothing() {
        assertTrue(reasons(null, 1, false, FRESH, 90).isEmpty());
    }

    @Test
    void initialReplicationIsAWarning() {
        List<HealthReason> reasons = reasons(null, 30, true, FRESH, 90);
        assertEquals(Health.WARNING, ItemHealthRules.health(reasons));
        assertEquals(HealthReason.INITIAL_REPLICATION, reasons.get(0).code());
        assertTrue(reasons.get(0).message().contains("40 %"), reasons.get(0).message());
    }

    @Test
    void aSilentAgentPastTheTimeoutIsCritical() {
        assertTrue(reasons(5L, 30, false, TIMEOUT, 90).isEmpty(), "exactly at the timeout");
        List<HealthReason> reasons = reasons(5L, 30, false, TIMEOUT.plusSeconds(1), 90);
        assertEquals(Health.CRITICAL, ItemHealthRules.health(reasons));
        assertEquals(HealthReason.NO_HEARTBEAT, reasons.get(0).code());
    }

    @Test
    void theCacheWarnsBelowThirtyAndIsCriticalBelowTwentyFivePercentFree() {
        assertEquals(Health.NORMAL, ItemHealthRules.health(reasons(5L, 30, false, FRESH, 30)));
        assertEquals(Health.WARNING, ItemHealthRules.health(reasons(5L, 30, false, FRESH, 29.9)));
        assertEquals(Health.WARNING, ItemHealthRules.health(reasons(5L, 30, false, FRESH, 25)));
        assertEquals(Health.CRITICAL, ItemHealthRules.health(reasons(5L, 30, false, FRESH, 24.9)));
    }

    @Test
    void theWorstReasonDecidesAndEveryReasonIsListed() {
        List<HealthReason> reasons = reasons(4000L, 30, true, TIMEOUT.plusMinutes(1), 28);
        assertEquals(Health.CRITICAL, ItemHealthRules.health(reasons));
        assertEquals(List.of(HealthReason.RPO_THRESHOLD_EXCEEDED, HealthReason.NO_HEARTBEAT,
                HealthReason.INITIAL_REPLICATION, HealthReason.CACHE_NEARLY_FULL),
                reasons.stream().map(HealthReason::code).toList());
    }

    @Test
    void cacheFreePercentCountsTheFileSystemToo() {
        assertEquals(75.0, ProcessServerStatus.freePercent(1000, 250, Long.MAX_VALUE));
        assertEquals(10.0, ProcessServerStatus.freePercent(1000, 250, 100));
        assertEquals(0.0, ProcessServerStatus.freePercent(1000, 1200, Long.MAX_VALUE));
    }

    @Test
    void drainTimeIsBacklogOverRateAndUnknownWhenNothingMoves() {
        assertEquals(0L, ProcessServerStatus.drainSeconds(0, 0));
        assertEquals(3L, ProcessServerStatus.drainSeconds(2500, 1000));
        assertEquals(null, ProcessServerStatus.drainSeconds(1, 0));
    }
}
