package org.lifeboat.scaleout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.lifeboat.monitoring.Health;
import org.lifeboat.monitoring.HealthReason;
import org.lifeboat.shared.InvalidRequestException;

class ProcessServersTest {

    private static final Instant T0 = Instant.parse("2026-12-02T10:00:00Z");
    private static final String OWN = "c0".repeat(32);

    private static Heartbeat beat(double cpu, double free) {
        return new Heartbeat(cpu, 40.0, 1L << 30, 1L << 20, free, 0, 0L, 100, 100, 2, null, null, null);
    }

    private static ScaleOutProcessServer registered() {
        return new ScaleOutProcessServer("ps1", "00000000-0000-4000-8000-000000000001", "ps1:13443", "hash",
                new ProcessServerCertificate("-----BEGIN CERTIFICATE-----\n...", "d1".repeat(32)), T0);
    }

    @Test
    void itsWanBytesAreShownAsItsLastHeartbeatSaidAndNullFromAnOlderVersion() {
        ScaleOutProcessServer ps = registered();
        ps.heartbeat(beat(10, 80), T0.plusSeconds(30));
        assertEquals(null, ProcessServers.view(ps, T0.plusSeconds(40), List.of(), OWN).wanCacheBytes());
        ps.heartbeat(new Heartbeat(10.0, 40.0, 1L << 30, 1L << 20, 80, 0, 0L, 100, 100, 2, null, 123_456L, 0L),
                T0.plusSeconds(60));
        ProcessServerView view = ProcessServers.view(ps, T0.plusSeconds(70), List.of(), OWN);
        assertEquals(123_456L, view.wanCacheBytes());
        assertEquals(0L, view.wanSeedBytes());
        org.junit.jupiter.api.Assertions.assertThrows(org.lifeboat.shared.InvalidRequestException.class,
                () -> new Heartbeat(null, null, 0, 0, 50, 0, null, 0, 0, 0, null, -1L, 0L).validate());
    }

    @Test
    void aFreshHeartbeatShowsItsFiguresAndTheThresholdsApplyToThem() {
        ScaleOutProcessServer ps = registered();
        ps.heartbeat(beat(96, 24), T0.plusSeconds(60));
        ProcessServerView view = ProcessServers.view(ps, T0.plusSeconds(90), List.of(), OWN);
        assertTrue(view.scaleOut());
        assertEquals(96.0, view.cpuPercent());
        assertEquals(2, view.status().connectedAgents());
        assertEquals(List.of(HealthReason.PROCESS_SERVER_CPU_HIGH, HealthReason.CACHE_NEARLY_FULL),
                view.status().reasons().stream().map(HealthReason::code).toList());
        assertEquals(Health.CRITICAL, view.health());
        assertEquals(List.of(), view.items());
    }

    @Test
    void itIsListedWithItsOwnCertificateNotTheConfigurationServers() {
        assertEquals("d1".repeat(32), ProcessServers.view(registered(), T0, List.of(), OWN).certificateSha256());
    }

    @Test
    void aHeartbeatOlderThanTwoMinutesIsCriticalNotHeartbeating() {
        ScaleOutProcessServer ps = registered();
        ps.heartbeat(beat(5, 90), T0);
        assertEquals(Health.NORMAL, ProcessServers.view(ps, T0.plusSeconds(120), List.of(), OWN).health());
        ProcessServerView silent = ProcessServers.view(ps, T0.plusSeconds(121), List.of(), OWN);
        assertEquals(Health.CRITICAL, silent.health());
        assertEquals(HealthReason.PROCESS_SERVER_NOT_HEARTBEATING, silent.status().reasons().get(0).code());
    }

    @Test
    void registeredWithoutAHeartbeatIsAWarningThenCriticalAfterTheTimeout() {
        ScaleOutProcessServer ps = registered();
        ProcessServerView waiting = ProcessServers.view(ps, T0.plusSeconds(10), List.of(), OWN);
        assertEquals(Health.WARNING, waiting.health());
        assertEquals("registered, no heartbeat yet", waiting.status().reasons().get(0).message());
        assertEquals(Health.CRITICAL, ProcessServers.view(ps, T0.plusSeconds(121), List.of(), OWN).health());
    }

    @Test
    void aFigureOutOfRangeIsRefusedNamingIt() {
        InvalidRequestException e = assertThrows(InvalidRequestException.class,
                () -> new Heartbeat(101.0, 1.0, 0, 0, 50, 0, null, 0, 0, 0, null, null, null).validate());
        assertEquals("cpuPercent", e.field());
        e = assertThrows(InvalidRequestException.class,
                () -> new Heartbeat(null, null, 0, 0, 50, -1, null, 0, 0, 0, null, null, null).validate());
        assertEquals("uploadBacklogBytes", e.field());
    }
}
