package org.lifeboat.agent.bookmark;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.lifeboat.agent.api.ReplicationPolicy;
import org.lifeboat.protocol.Consistency;

class BookmarkSchedulerTest {

    /** A policy whose own points are far away: every point seen here is a first point. */
    private static final ReplicationPolicy HOURLY =
            new ReplicationPolicy(Duration.ofHours(1), Duration.ZERO, Duration.ofHours(2));

    private final List<Consistency> taken = new CopyOnWriteArrayList<>();
    private final AtomicBoolean allDone = new AtomicBoolean();
    private final AtomicLong completions = new AtomicLong();

    @Test
    void aDiskThatCompletedBetweenTwoTicksStillGetsItsFirstPointAtTheNextTick() throws Exception {
        try (BookmarkScheduler scheduler = scheduler()) {
            // no tick ever saw the initial replication running: it completed before the first one
            allDone.set(true);
            completions.set(1);
            tickAndSettle(scheduler);
            assertEquals(List.of(Consistency.CRASH_CONSISTENT), taken);
            tickAndSettle(scheduler);
            assertEquals(1, taken.size(), "one first point, not one per tick");
        }
    }

    @Test
    void anAgentRestartedAfterItsInitialReplicationTakesNoExtraPoint() throws Exception {
        try (BookmarkScheduler scheduler = scheduler()) {
            allDone.set(true); // completed in an earlier run: this run counted no completion
            tickAndSettle(scheduler);
            assertEquals(List.of(), taken);
        }
    }

    @Test
    void aDiskAddedLaterGetsItsFirstPointOnlyWhenEveryDiskIsDone() throws Exception {
        try (BookmarkScheduler scheduler = scheduler()) {
            allDone.set(true);
            completions.set(1);
            tickAndSettle(scheduler);
            allDone.set(false); // a second disk joined and one of them completed, the other not yet
            completions.set(2);
            tickAndSettle(scheduler);
            assertEquals(1, taken.size());
            allDone.set(true);
            tickAndSettle(scheduler);
            assertEquals(2, taken.size());
        }
    }

    private BookmarkScheduler scheduler() {
        return new BookmarkScheduler((consistency, timeout) -> taken.add(consistency), () -> HOURLY,
                allDone::get, completions::get);
    }

    private static void tickAndSettle(BookmarkScheduler scheduler) throws InterruptedException {
        scheduler.tick();
        TimeUnit.MILLISECONDS.sleep(200); // the bookmark runs on the scheduler's own thread
    }
}
