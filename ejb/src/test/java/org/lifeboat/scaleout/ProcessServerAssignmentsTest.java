package org.lifeboat.scaleout;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.lifeboat.monitoring.Health;
import org.lifeboat.monitoring.HealthReason;
import org.lifeboat.monitoring.ProcessServerStatus;

class ProcessServerAssignmentsTest {

    private static final Instant NOW = Instant.parse("2026-12-02T20:00:00Z");

    private static ProcessServerView server(String name, boolean scaleOut, Instant heartbeat, Health health,
                                            int items) {
        List<HealthReason> reasons = health == Health.NORMAL ? List.of()
                : List.of(new HealthReason(HealthReason.PROCESS_SERVER_NOT_HEARTBEATING, health, "test"));
        ProcessServerStatus status = new ProcessServerStatus(name, "h:1", heartbeat, 100, 0, 100, 0, 0L, 0, 0, 0,
                reasons);
        return new ProcessServerView(status, scaleOut, scaleOut ? NOW : null, 1.0, 1.0,
                java.util.stream.IntStream.range(0, items).mapToObj(i -> name + "-item" + i).toList(), "ab".repeat(32));
    }

    @Test
    void oneServerAloneTakesEveryNewItem() {
        assertEquals(Optional.of("builtin"), ProcessServerAssignments.healthiest(
                List.of(server("builtin", false, NOW, Health.NORMAL, 40)), null));
    }

    @Test
    void onATieTheBuiltInOneWinsThenTheFewestItemsThenTheHealthiest() {
        ProcessServerView builtIn = server("builtin", false, NOW, Health.NORMAL, 3);
        assertEquals(Optional.of("builtin"), ProcessServerAssignments.healthiest(
                List.of(builtIn, server("ps1", true, NOW, Health.NORMAL, 3)), null));
        assertEquals(Optional.of("ps1"), ProcessServerAssignments.healthiest(
                List.of(builtIn, server("ps1", true, NOW, Health.NORMAL, 2)), null));
        assertEquals(Optional.of("builtin"), ProcessServerAssignments.healthiest(
                List.of(builtIn, server("ps1", true, NOW, Health.WARNING, 0)), null));
    }

    @Test
    void criticalSilentOrExcludedServersTakeNothing() {
        ProcessServerView builtIn = server("builtin", false, NOW, Health.CRITICAL, 3);
        assertEquals(Optional.empty(), ProcessServerAssignments.healthiest(List.of(builtIn,
                server("critical", true, NOW, Health.CRITICAL, 0),
                server("never-heartbeat", true, null, Health.WARNING, 0)), null));
        assertEquals(Optional.of("ps2"), ProcessServerAssignments.healthiest(List.of(builtIn,
                server("ps1", true, NOW, Health.NORMAL, 0), server("ps2", true, NOW, Health.WARNING, 0)), "ps1"));
    }

    @Test
    void anApplierNearAzureTakesNoItemEvenWhenItIsTheHealthiestAndEmpty() {
        ProcessServerView builtIn = server("builtin", false, NOW, Health.WARNING, 30);
        ProcessServerView applier = server("near", true, NOW, Health.NORMAL, 0);
        applier = new ProcessServerView(applier.status(), true, NOW, 1.0, 1.0, List.of(), "cd".repeat(32), 0L, 0L,
                ScaleOutProcessServer.APPLIER_ROLE, null);
        assertEquals(Optional.of("builtin"), ProcessServerAssignments.healthiest(List.of(builtIn, applier), null));
        assertEquals(Optional.empty(), ProcessServerAssignments.healthiest(List.of(builtIn, applier), "builtin"));
    }

    /** Seen in the scale-out bench: all ten items of a killed server went to the empty built-in one. */
    @Test
    void aSilentServersItemsSpreadOverTheOthersByTheirItemCounts() {
        List<ProcessServerView> all = List.of(server("builtin", false, NOW, Health.NORMAL, 0),
                server("ps1", true, NOW.minusSeconds(600), Health.CRITICAL, 10),
                server("ps2", true, NOW, Health.NORMAL, 4), server("ps3", true, NOW, Health.NORMAL, 6));
        Map<String, Integer> given = new HashMap<>();
        List<String> targets = ProcessServerAssignments.targetsFor(10, all, "ps1", given);
        assertEquals(Map.of("builtin", 7, "ps2", 3), given); // 7, 7 and 6 items now
        assertEquals(List.of("builtin", "builtin", "builtin", "builtin", "builtin"), targets.subList(0, 5));
        // a second silent server in the same pass counts what the first one's items already gave
        assertEquals(List.of("ps3", "builtin", "ps2"), ProcessServerAssignments.targetsFor(3, all, "ps1", given));
    }

    @Test
    void withNoServerWithRoomASilentServersItemsGoToTheBuiltInOne() {
        List<ProcessServerView> all = List.of(server("builtin", false, NOW, Health.CRITICAL, 3),
                server("ps1", true, NOW.minusSeconds(600), Health.CRITICAL, 2));
        assertEquals(List.of("builtin", "builtin"),
                ProcessServerAssignments.targetsFor(2, all, "ps1", new HashMap<>()));
    }
}
