package org.lifeboat.monitoring;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class RpoHistoryTest {

    private static final Instant T0 = Instant.parse("2026-12-02T10:00:00Z");

    private static ItemStatus item(String name, Long rpoSeconds) {
        return new ItemStatus(name, "agent", "default", 15, rpoSeconds, Health.NORMAL, List.of(), false, 100, 0, 0,
                T0);
    }

    @Test
    void keepsTheWorstRpoOfEachMinute() {
        RpoHistory history = new RpoHistory();
        history.record(List.of(item("a", 4L)), T0.plusSeconds(5));
        history.record(List.of(item("a", 40L)), T0.plusSeconds(15));
        history.record(List.of(item("a", 7L)), T0.plusSeconds(25));
        history.record(List.of(item("a", 3L)), T0.plusSeconds(65));

        assertEquals(List.of(new RpoHistory.Sample(T0, 40), new RpoHistory.Sample(T0.plusSeconds(60), 3)),
                history.of("a"));
    }

    @Test
    void anItemWithoutAnRpoYetHasNoSample() {
        RpoHistory history = new RpoHistory();
        history.record(List.of(item("a", null)), T0);

        assertEquals(List.of(), history.of("a"));
        assertEquals(List.of(), history.of("unknown"));
    }

    @Test
    void forgetsWhatIsOlderThanSixHoursAndItemsNoLongerProtected() {
        RpoHistory history = new RpoHistory();
        history.record(List.of(item("a", 1L), item("b", 2L)), T0);
        history.record(List.of(item("a", 5L)), T0.plus(RpoHistory.KEPT).plusSeconds(60));

        assertEquals(List.of(new RpoHistory.Sample(T0.plus(RpoHistory.KEPT).plusSeconds(60), 5)), history.of("a"));
        assertEquals(List.of(), history.of("b"), "b is no longer protected");
    }
}
