package org.lifeboat.monitoring;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProcessServerHealthRulesTest {

    private static final Duration TIMEOUT = Duration.ofMinutes(2);
    private static final long BIG = ProcessServerHealthRules.MIN_JUDGED_BACKLOG_BYTES;

    private static List<String> levels(Double cpu, Double memory, double free, long backlog, Long drain,
                                       Duration silence) {
        return ProcessServerHealthRules.reasons(cpu, memory, free, backlog, drain, silence, TIMEOUT).stream()
                .map(r -> r.code() + ":" + r.health()).toList();
    }

    @Test
    void withinEveryThresholdItIsNormal() {
        assertEquals(List.of(), levels(80.0, 80.0, 30, BIG, 30 * 60L, TIMEOUT));
        assertEquals(Health.NORMAL, ItemHealthRules.health(
                ProcessServerHealthRules.reasons(null, null, 100, 0, 0L, null, null)));
    }

    @Test
    void cpuAndMemoryAreWarningsAbove80AndCriticalAbove95() {
        assertEquals(List.of("ProcessServerCpuHigh:WARNING", "ProcessServerMemoryHigh:CRITICAL"),
                levels(80.1, 95.1, 100, 0, 0L, null));
        assertEquals(List.of("ProcessServerCpuHigh:CRITICAL", "ProcessServerMemoryHigh:WARNING"),
                levels(99.0, 95.0, 100, 0, 0L, null));
    }

    @Test
    void freeCacheIsAWarningBelow30AndCriticalBelow25() {
        assertEquals(List.of("ProcessServerCacheNearlyFull:WARNING"), levels(null, null, 29.9, 0, 0L, null));
        assertEquals(List.of("ProcessServerCacheNearlyFull:WARNING"), levels(null, null, 25, 0, 0L, null));
        assertEquals(List.of("ProcessServerCacheNearlyFull:CRITICAL"), levels(null, null, 24.9, 0, 0L, null));
    }

    @Test
    void uploadTimeIsAWarningAbove30MinutesCriticalAbove45AndStalledIsCritical() {
        assertEquals(List.of("ProcessServerUploadBacklog:WARNING"), levels(null, null, 100, BIG, 30 * 60L + 1, null));
        assertEquals(List.of("ProcessServerUploadBacklog:CRITICAL"), levels(null, null, 100, BIG, 45 * 60L + 1, null));
        assertEquals(List.of("ProcessServerUploadBacklog:CRITICAL"), levels(null, null, 100, BIG, null, null));
        // a small backlog's drain time is noise (see MIN_JUDGED_BACKLOG_BYTES)
        assertEquals(List.of(), levels(null, null, 100, BIG - 1, null, null));
    }

    @Test
    void aHeartbeatOlderThanTheTimeoutIsCriticalWithTheReason() {
        List<HealthReason> reasons = ProcessServerHealthRules.reasons(10.0, 10.0, 100, 0, 0L,
                TIMEOUT.plusSeconds(1), TIMEOUT);
        assertEquals(1, reasons.size());
        assertEquals(HealthReason.PROCESS_SERVER_NOT_HEARTBEATING, reasons.get(0).code());
        assertEquals(Health.CRITICAL, reasons.get(0).health());
        assertEquals("no heartbeat from the process server for 121 s (timeout 120 s): its figures are stale",
                reasons.get(0).message());
        assertEquals(List.of(), levels(10.0, 10.0, 100, 0, 0L, TIMEOUT));
    }
}
