package org.lifeboat.processserver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import org.junit.jupiter.api.Test;

class StageThreadsTest {

    /** Threads as the container would give them, for a test outside it. */
    private static final ManagedThreadFactory THREADS = new ManagedThreadFactory() {
        @Override
        public Thread newThread(Runnable task) {
            return Executors.defaultThreadFactory().newThread(task);
        }

        @Override
        public ForkJoinWorkerThread newThread(ForkJoinPool pool) {
            return ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(pool);
        }
    };

    @Test
    void roundsThatThrowEvenAnErrorDoNotStopTheSchedule() throws InterruptedException {
        AtomicInteger rounds = new AtomicInteger();
        CountDownLatch laterRounds = new CountDownLatch(3);
        StageThreads stage = StageThreads.start(THREADS, Stage.APPLY, new DiskBackOff(), () -> {
            if (rounds.incrementAndGet() == 1) {
                throw new OutOfMemoryError("a round's Error");
            }
            if (rounds.get() == 2) {
                throw new IllegalStateException("a round's exception");
            }
            laterRounds.countDown();
        }, 0, 1, 1);
        try {
            assertTrue(laterRounds.await(30, TimeUnit.SECONDS), "the schedule stopped after " + rounds.get() + " rounds");
        } finally {
            stage.stop();
        }
    }

    @Test
    void oneDiskFailingOrHangingNeitherDelaysNorStopsAnother() throws InterruptedException {
        DiskBackOff backOff = new DiskBackOff();
        StageThreads stage = StageThreads.start(THREADS, Stage.UPLOAD, backOff, () -> { }, 60_000, 2, 1);
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch healthyRuns = new CountDownLatch(5);
        AtomicInteger sickRuns = new AtomicInteger();
        try {
            DiskLanes lanes = stage.lanes();
            lanes.offer("hanging", release::await);
            Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
            while (healthyRuns.getCount() > 0 && Instant.now().isBefore(deadline)) {
                lanes.offer("sick", () -> {
                    sickRuns.incrementAndGet();
                    throw new IllegalStateException("poisoned");
                });
                lanes.offer("healthy", healthyRuns::countDown);
                Thread.sleep(20);
            }
            assertTrue(healthyRuns.await(1, TimeUnit.SECONDS), "the healthy disk waited behind the others");
            assertTrue(backOff.failure("sick").isPresent());
            assertTrue(sickRuns.get() <= 4, "the sick disk was retried without back-off: " + sickRuns.get());
        } finally {
            release.countDown();
            stage.stop();
        }
    }

    @Test
    void theDiskServedLongestAgoGoesFirstAndADiskWithNothingLeftIsNoLongerFailing() throws InterruptedException {
        DiskBackOff backOff = new DiskBackOff();
        StageThreads stage = StageThreads.start(THREADS, Stage.APPLY, backOff, () -> { }, 60_000, 1, 1);
        try {
            DiskLanes lanes = stage.lanes();
            CountDownLatch ran = new CountDownLatch(1);
            lanes.offer("a", ran::countDown);
            assertTrue(ran.await(30, TimeUnit.SECONDS));
            backOff.failed("gone", "poisoned", Instant.now());
            Thread.sleep(200); // the lane lets go of "a" after its work

            assertEquals(List.of("b", "a"), lanes.turnOrder(List.of("a", "b")));
            assertTrue(backOff.failure("gone").isEmpty(), "a disk with no work left still counts as failing");
        } finally {
            stage.stop();
        }
    }
}
