package org.lifeboat.processserver;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import jakarta.enterprise.concurrent.ManagedThreadFactory;

/**
 * The threads of one process-server stage (uploading, applying): a thread of its own that runs the
 * stage's round every 250 ms, lanes in which the round's disks are worked on side by side
 * ({@link DiskLanes}), and a pool for the work a lane does at once. A thread of its own because the
 * default managed scheduled executor has one thread for the whole application, so uploading and
 * applying took turns instead of overlapping.
 */
final class StageThreads {

    private static final Logger LOG = Logger.getLogger(StageThreads.class.getName());
    private static final long ROUND_DELAY_MILLIS = 250;
    private static final long STOP_WAIT_SECONDS = 30;

    private final ScheduledExecutorService stage;
    private final ExecutorService lanePool;
    private final ExecutorService workers;
    private final DiskLanes lanes;

    private StageThreads(Stage name, DiskBackOff backOff, ManagedThreadFactory threads, int lanes, int workersPerLane) {
        this.stage = Executors.newSingleThreadScheduledExecutor(threads);
        this.lanePool = Executors.newFixedThreadPool(lanes, threads);
        this.workers = new ThreadPoolExecutor(0, lanes * workersPerLane, 60, TimeUnit.SECONDS, new SynchronousQueue<>(),
                threads);
        this.lanes = new DiskLanes(name, lanePool, lanes, backOff);
    }

    /**
     * @param lanes          disks worked on at once
     * @param workersPerLane what one disk's work may run at once; the pool holds lanes times this many
     *                       threads at most, each only while it is needed
     */
    static StageThreads start(ManagedThreadFactory threads, Stage name, DiskBackOff backOff, Runnable round,
                              long firstDelayMillis, int lanes, int workersPerLane) {
        StageThreads started = new StageThreads(name, backOff, threads, lanes, workersPerLane);
        started.stage.scheduleWithFixedDelay(survivable(round, new ThrottledWarning(LOG,
                name.doing() + ": a round failed; the next one runs as usual")),
                firstDelayMillis, ROUND_DELAY_MILLIS, TimeUnit.MILLISECONDS);
        return started;
    }

    /**
     * The round as the schedule runs it: whatever it throws, an Error included, is logged and the next
     * round runs (a scheduled executor never runs a task again once it has thrown).
     */
    static Runnable survivable(Runnable round, ThrottledWarning warning) {
        return () -> {
            try {
                round.run();
            } catch (Throwable e) { // NOPMD: nothing may end the schedule
                warning.failed(e);
            }
        };
    }

    DiskLanes lanes() {
        return lanes;
    }

    ExecutorService workers() {
        return workers;
    }

    /**
     * No new round starts; a round under way, and the disks' work under way, finish (interrupting them
     * would upset Derby), for up to {@value #STOP_WAIT_SECONDS} s each, then the pool: shutting the
     * pool first refused the round's next writes, and every server stop logged that as a failure.
     */
    void stop() {
        try {
            stage.shutdown();
            stage.awaitTermination(STOP_WAIT_SECONDS, TimeUnit.SECONDS);
            lanePool.shutdown();
            lanePool.awaitTermination(STOP_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        workers.shutdown();
    }
}
