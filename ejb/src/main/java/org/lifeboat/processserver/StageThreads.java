package org.lifeboat.processserver;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import jakarta.enterprise.concurrent.ManagedThreadFactory;

/**
 * The threads of one process-server stage (uploading, applying): a thread of its own that runs the
 * stage's round every 250 ms, and a pool for the work a round does at once. A thread of its own because
 * the default managed scheduled executor has one thread for the whole application, so uploading and
 * applying took turns instead of overlapping.
 */
final class StageThreads {

    private static final long ROUND_DELAY_MILLIS = 250;
    private static final long STOP_WAIT_SECONDS = 30;

    private final ScheduledExecutorService stage;
    private final ExecutorService workers;

    private StageThreads(ScheduledExecutorService stage, ExecutorService workers) {
        this.stage = stage;
        this.workers = workers;
    }

    static StageThreads start(ManagedThreadFactory threads, Runnable round, long firstDelayMillis, int workers) {
        StageThreads started = new StageThreads(Executors.newSingleThreadScheduledExecutor(threads),
                Executors.newFixedThreadPool(workers, threads));
        started.stage.scheduleWithFixedDelay(round, firstDelayMillis, ROUND_DELAY_MILLIS, TimeUnit.MILLISECONDS);
        return started;
    }

    ExecutorService workers() {
        return workers;
    }

    /**
     * No new round starts; a round under way finishes (interrupting it would upset Derby), for up to
     * {@value #STOP_WAIT_SECONDS} s, with its pool: shutting the pool first refused the round's next
     * writes, and every server stop logged that as a failure.
     */
    void stop() {
        stage.shutdown();
        try {
            stage.awaitTermination(STOP_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        workers.shutdown();
    }
}
