package org.lifeboat.scaleout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.lifeboat.monitoring.Health;
import org.lifeboat.monitoring.HealthReason;
import org.lifeboat.monitoring.ProcessServerStatus;
import org.lifeboat.scaleout.ProcessServerBalancing.Move;

class ProcessServerBalancingTest {

    private static final Instant T0 = Instant.parse("2026-12-03T08:00:00Z");
    private static final Duration INTERVAL = Duration.ofMinutes(5);
    private static final Duration TICK = Duration.ofSeconds(30);

    private static ProcessServerView server(String name, int items, HealthReason... reasons) {
        ProcessServerStatus status = new ProcessServerStatus(name, "h:1", T0, 100, 0, 100, 0, 0L, 0, 0, 0,
                List.of(reasons));
        return new ProcessServerView(status, !name.equals("builtin"), T0, 1.0, 1.0,
                IntStream.range(0, items).mapToObj(i -> name + "-item" + i).toList(), "ab".repeat(32));
    }

    private static HealthReason cpu(Health health) {
        return new HealthReason(HealthReason.PROCESS_SERVER_CPU_HIGH, health, "CPU is at 97 %");
    }

    @Test
    void aServerLoadedAtTwoTicksInARowGivesOneItemToTheNormalOneWithTheFewest() {
        ProcessServerBalancing balancing = new ProcessServerBalancing();
        List<ProcessServerView> all = List.of(server("builtin", 5), server("ps1", 6, cpu(Health.CRITICAL)),
                server("ps2", 2));
        assertEquals(List.of(), balancing.choose(all, T0, INTERVAL), "a spike (one tick) is not load");
        List<Move> moves = balancing.choose(all, T0.plus(TICK), INTERVAL);
        assertEquals(1, moves.size(), moves.toString());
        assertEquals("ps1-item0", moves.get(0).item());
        assertEquals("ps1", moves.get(0).from());
        assertEquals("ps2", moves.get(0).to());
        assertEquals("CRITICAL ProcessServerCpuHigh: CPU is at 97 %", moves.get(0).why());
    }

    @Test
    void anApplierNearAzureIsNeverATarget() {
        ProcessServerBalancing balancing = new ProcessServerBalancing();
        ProcessServerView near = server("near", 0);
        near = new ProcessServerView(near.status(), true, T0, 1.0, 1.0, List.of(), "cd".repeat(32), 0L, 0L,
                ScaleOutProcessServer.APPLIER_ROLE, null);
        List<ProcessServerView> all = List.of(server("builtin", 5), server("ps1", 6, cpu(Health.CRITICAL)), near);
        balancing.choose(all, T0, INTERVAL);
        assertEquals(List.of(), balancing.choose(all, T0.plus(TICK), INTERVAL));
    }

    @Test
    void atMostOneMovePerServerPerIntervalAndAMovedItemRests() {
        ProcessServerBalancing balancing = new ProcessServerBalancing();
        List<ProcessServerView> all = List.of(server("builtin", 0), server("ps1", 8, cpu(Health.WARNING)),
                server("ps2", 0));
        balancing.choose(all, T0, INTERVAL);
        List<Move> first = balancing.choose(all, T0.plus(TICK), INTERVAL);
        assertEquals(1, first.size());
        balancing.moved(first.get(0), T0.plus(TICK));
        for (int tick = 2; tick * TICK.toSeconds() < INTERVAL.toSeconds() + TICK.toSeconds(); tick++) {
            assertEquals(List.of(), balancing.choose(all, T0.plus(TICK.multipliedBy(tick)), INTERVAL), "tick " + tick);
        }
        List<Move> next = balancing.choose(all, T0.plus(TICK).plus(INTERVAL), INTERVAL);
        assertEquals(1, next.size(), next.toString());
        // the item moved first (listed again on ps1, as if it came back) rests: the next one goes
        assertEquals("ps1-item1", next.get(0).item());
    }

    @Test
    void noTargetWithoutRoomOrNotNormalSoNothingBounces() {
        ProcessServerBalancing balancing = new ProcessServerBalancing();
        // ps2 holds one item fewer: moving one would make it hold more than ps1 held
        List<ProcessServerView> close = List.of(server("ps1", 3, cpu(Health.CRITICAL)), server("ps2", 2));
        balancing.choose(close, T0, INTERVAL);
        assertEquals(List.of(), balancing.choose(close, T0.plus(TICK), INTERVAL));
        // every other one loaded too
        List<ProcessServerView> busy = List.of(server("ps1", 6, cpu(Health.CRITICAL)), server("ps2", 0,
                cpu(Health.WARNING)));
        balancing.choose(busy, T0.plus(TICK.multipliedBy(2)), INTERVAL);
        assertEquals(List.of(), balancing.choose(busy, T0.plus(TICK.multipliedBy(3)), INTERVAL));
    }

    @Test
    void heartbeatLossAndAnUnreadableCacheAreNotLoad() {
        ProcessServerBalancing balancing = new ProcessServerBalancing();
        HealthReason silent = new HealthReason(HealthReason.PROCESS_SERVER_NOT_HEARTBEATING, Health.CRITICAL, "silent");
        HealthReason unreadable = new HealthReason(HealthReason.CACHE_UNREADABLE, Health.CRITICAL, "unreadable");
        List<ProcessServerView> all = List.of(server("builtin", 0), server("ps1", 6, silent, cpu(Health.CRITICAL)),
                server("ps2", 6, unreadable));
        balancing.choose(all, T0, INTERVAL);
        assertEquals(List.of(), balancing.choose(all, T0.plus(TICK), INTERVAL));
        assertTrue(ProcessServerBalancing.loaded(server("ps3", 1, new HealthReason(HealthReason.CACHE_NEARLY_FULL,
                Health.WARNING, "the cache has 28 % free"))));
        assertTrue(ProcessServerBalancing.loaded(server("ps3", 1, new HealthReason(
                HealthReason.PROCESS_SERVER_UPLOAD_BACKLOG, Health.CRITICAL, "backlog"))));
    }

    @Test
    void aServerThatRecoversBetweenTicksStartsOver() {
        ProcessServerBalancing balancing = new ProcessServerBalancing();
        List<ProcessServerView> loaded = List.of(server("builtin", 0), server("ps1", 6, cpu(Health.CRITICAL)));
        List<ProcessServerView> calm = List.of(server("builtin", 0), server("ps1", 6));
        balancing.choose(loaded, T0, INTERVAL);
        balancing.choose(calm, T0.plus(TICK), INTERVAL);
        assertEquals(List.of(), balancing.choose(loaded, T0.plus(TICK.multipliedBy(2)), INTERVAL));
        assertEquals(1, balancing.choose(loaded, T0.plus(TICK.multipliedBy(3)), INTERVAL).size());
    }
}
