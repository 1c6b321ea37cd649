package org.lifeboat.alert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.lifeboat.event.Severity;
import org.lifeboat.monitoring.ItemHealthRules;
import org.lifeboat.monitoring.ItemStatus;
import org.lifeboat.monitoring.ProcessServerHealthRules;
import org.lifeboat.monitoring.ProcessServerStatus;

class AlertRulesTest {

    private static ItemStatus item(String name, Long rpo, Duration silence) {
        var reasons = ItemHealthRules.reasons(rpo, 1, false, 100, silence, Duration.ofMinutes(15), 90);
        return new ItemStatus(name, "agent-" + name, "p", 1, rpo, ItemHealthRules.health(reasons), reasons, false, 100,
                0, 0, Instant.now());
    }

    private static ProcessServerStatus server(double free, long backlog, Long drain) {
        return new ProcessServerStatus("builtin", "localhost:9443", Instant.now(), 1000, 0, free, backlog, drain, 0, 0,
                1, List.of());
    }

    @Test
    void healthyVaultWantsNoAlert() {
        assertTrue(AlertRules.evaluate(List.of(item("a", 10L, Duration.ofSeconds(5))), server(90, 0, 0L)).isEmpty());
    }

    @Test
    void rpoAndHeartbeatAlertsConcernTheItem() {
        List<WantedAlert> wanted = AlertRules.evaluate(List.of(item("a", 61L, Duration.ofMinutes(16))),
                server(90, 0, 0L));
        assertEquals(List.of(AlertCondition.RpoThresholdExceeded, AlertCondition.AgentHeartbeatMissing),
                wanted.stream().map(WantedAlert::condition).toList());
        assertTrue(wanted.stream().allMatch(w -> w.subject().equals("a") && w.severity() == Severity.CRITICAL));
    }

    @Test
    void aDiskTheProcessServerKeepsFailingOnRaisesACriticalAlertOnItsItem() {
        var reasons = List.of(ItemHealthRules.diskFailing("/dev/sdb", "applying its log to its seed blob failed 3 "
                + "times in a row since 2026-12-01T20:00:00Z (next try in 4 s): LeaseIdMissing"));
        ItemStatus sick = new ItemStatus("a", "agent-a", "p", 1, 10L, ItemHealthRules.health(reasons), reasons, false,
                100, 0, 0, Instant.now());

        List<WantedAlert> wanted = AlertRules.evaluate(List.of(sick), server(90, 0, 0L));

        assertEquals(1, wanted.size());
        assertEquals(AlertCondition.DiskReplicationFailing, wanted.get(0).condition());
        assertEquals(Severity.CRITICAL, wanted.get(0).severity());
        assertEquals("a", wanted.get(0).subject());
        assertTrue(wanted.get(0).message().contains("disk /dev/sdb: applying") && wanted.get(0).message()
                .endsWith("LeaseIdMissing"), wanted.get(0).message());
    }

    @Test
    void cacheAlertSeverityFollowsAsrsThresholds() {
        assertTrue(AlertRules.evaluate(List.of(), server(30, 0, 0L)).isEmpty());
        assertEquals(Severity.WARNING, AlertRules.evaluate(List.of(), server(29, 0, 0L)).get(0).severity());
        assertEquals(Severity.CRITICAL, AlertRules.evaluate(List.of(), server(24, 0, 0L)).get(0).severity());
        assertEquals("processServer/builtin", AlertRules.evaluate(List.of(), server(24, 0, 0L)).get(0).subject());
    }

    @Test
    void backlogAlertsAboveThirtyAndFortyFiveMinutesAndWhenUploadsStall() {
        long big = AlertRules.MIN_ALERTED_BACKLOG_BYTES;
        assertTrue(AlertRules.evaluate(List.of(), server(90, big, 1800L)).isEmpty());
        assertEquals(Severity.WARNING, AlertRules.evaluate(List.of(), server(90, big, 1801L)).get(0).severity());
        assertEquals(Severity.WARNING, AlertRules.evaluate(List.of(), server(90, big, 2700L)).get(0).severity());
        assertEquals(Severity.CRITICAL, AlertRules.evaluate(List.of(), server(90, big, 2701L)).get(0).severity());
        assertEquals(Severity.CRITICAL, AlertRules.evaluate(List.of(), server(90, big, null)).get(0).severity(),
                "stalled");
        assertTrue(AlertRules.evaluate(List.of(), server(90, big - 1, 86 * 60L)).isEmpty(), "a few segments in flight");
        assertTrue(AlertRules.evaluate(List.of(), server(90, big - 1, null)).isEmpty(), "a small idle remainder");
    }

    @Test
    void theKeyIsConditionAndSubject() {
        WantedAlert a = new WantedAlert(AlertCondition.RpoThresholdExceeded, "x", Severity.CRITICAL, "m1");
        WantedAlert b = new WantedAlert(AlertCondition.RpoThresholdExceeded, "x", Severity.WARNING, "m2");
        assertEquals(a.key(), b.key());
    }

    private static ProcessServerStatus scaleOut(String name, double free, long backlog, Long drain, Duration silence) {
        var reasons = ProcessServerHealthRules.reasons(97.0, 50.0, free, backlog, drain, silence, Duration.ofMinutes(2));
        return new ProcessServerStatus(name, "ps1:13443", Instant.now(), 1000, 0, free, backlog, drain, 0, 0, 1,
                reasons);
    }

    @Test
    void aScaleOutProcessServerThatStopsHeartbeatingRaisesOnlyThatCriticalAlert() {
        List<WantedAlert> wanted = AlertRules.evaluateScaleOut(List.of(
                scaleOut("ps1", 10, 0, 0L, Duration.ofMinutes(3)), scaleOut("ps2", 90, 0, 0L, Duration.ofSeconds(20))));

        assertEquals(1, wanted.size(), wanted.toString());
        assertEquals(AlertCondition.ProcessServerNotHeartbeating, wanted.get(0).condition());
        assertEquals(Severity.CRITICAL, wanted.get(0).severity());
        assertEquals("processServer/ps1", wanted.get(0).subject());
        assertTrue(wanted.get(0).message().startsWith("Process server 'ps1': no heartbeat from the process server for 180 s"),
                wanted.get(0).message());
    }

    @Test
    void aHeartbeatingScaleOutProcessServerIsAlertedOnItsCacheAndBacklogLikeTheBuiltInOneButNotOnCpu() {
        long big = AlertRules.MIN_ALERTED_BACKLOG_BYTES;
        List<WantedAlert> wanted = AlertRules.evaluateScaleOut(List.of(scaleOut("ps1", 29, big, 2701L,
                Duration.ofSeconds(20))));

        assertEquals(List.of(AlertCondition.ProcessServerCacheFreeLow, AlertCondition.ProcessServerUploadBacklog),
                wanted.stream().map(WantedAlert::condition).toList());
        assertEquals(List.of(Severity.WARNING, Severity.CRITICAL), wanted.stream().map(WantedAlert::severity).toList());
        assertTrue(wanted.stream().allMatch(w -> w.subject().equals("processServer/ps1")));
        assertTrue(AlertRules.evaluateScaleOut(List.of(scaleOut("ps1", 90, 0, 0L, Duration.ofSeconds(20)))).isEmpty(),
                "CPU at 97 % is shown in health, not alerted");
    }
}
