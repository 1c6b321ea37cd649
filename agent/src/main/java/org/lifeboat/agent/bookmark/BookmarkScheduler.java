package org.lifeboat.agent.bookmark;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.logging.Logger;

import org.lifeboat.agent.api.ReplicationPolicy;
import org.lifeboat.protocol.Consistency;

/**
 * Takes the bookmarks the replication policy asks for: crash-consistent every
 * {@code crashConsistentFrequency}, app-consistent every {@code appConsistentFrequency} (an
 * app-consistent bookmark also counts as crash-consistent). The policy is read at every tick,
 * so a changed policy applies without a restart. One scheduled bookmark at a time.
 * <p>
 * The first crash-consistent bookmark is taken as soon as initial replication completes, not at the
 * next tick of the policy: until it has a recovery point, a machine is not protected.
 */
public final class BookmarkScheduler implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(BookmarkScheduler.class.getName());
    private static final Duration SHORTEST_TIMEOUT = Duration.ofMinutes(1);

    private final Bookmarks service;
    private final Supplier<ReplicationPolicy> policy;
    private final BooleanSupplier initialReplicationDone;
    private final LongSupplier initialCompletions;
    private final ExecutorService runner = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "lifeboat-bookmark-schedule");
        thread.setDaemon(true);
        return thread;
    });
    private Instant lastCrashConsistent;
    private Instant lastAppConsistent;
    private Future<?> running;
    /**
     * The disks' initial replications completed as of the last first point. A counter, not a flag set when a tick
     * sees initial replication running: a small disk can complete between two ticks, and its point must not
     * wait for the policy's next one (seen: a 64 MiB disk got its first point 5 minutes late).
     */
    private long completionsPointed;

    /**
     * @param initialReplicationDone whether every replicated disk has completed its initial replication
     * @param initialCompletions     how many disk initial replications completed in this run (grows only)
     */
    public BookmarkScheduler(Bookmarks service, Supplier<ReplicationPolicy> policy,
                             BooleanSupplier initialReplicationDone, LongSupplier initialCompletions) {
        this.service = service;
        this.policy = policy;
        this.initialReplicationDone = initialReplicationDone;
        this.initialCompletions = initialCompletions;
        this.lastCrashConsistent = Instant.now();
        this.lastAppConsistent = lastCrashConsistent;
    }

    /** Starts a bookmark if one is due and none is under way; called every few seconds. */
    public synchronized void tick() {
        if (running != null && !running.isDone()) {
            return;
        }
        Instant now = Instant.now();
        ReplicationPolicy current = policy.get();
        long completions = initialCompletions.getAsLong();
        if (completions != completionsPointed && initialReplicationDone.getAsBoolean()) {
            completionsPointed = completions;
            lastCrashConsistent = now;
            LOG.info("Initial replication complete: taking the first recovery point now.");
            running = runner.submit(() -> take(Consistency.CRASH_CONSISTENT, SHORTEST_TIMEOUT));
            return;
        }
        if (isDue(current.appConsistentFrequency(), lastAppConsistent, now)) {
            lastAppConsistent = now;
            lastCrashConsistent = now;
            running = runner.submit(() -> take(Consistency.APP_CONSISTENT, current.appConsistentFrequency()));
        } else if (isDue(current.crashConsistentFrequency(), lastCrashConsistent, now)) {
            lastCrashConsistent = now;
            running = runner.submit(() -> take(Consistency.CRASH_CONSISTENT, current.crashConsistentFrequency()));
        }
    }

    /** What takes a bookmark: {@link BookmarkService#take}. */
    @FunctionalInterface
    public interface Bookmarks {
        void take(Consistency consistency, Duration timeout) throws BookmarkFailedException, InterruptedException;
    }

    @Override
    public void close() {
        runner.shutdownNow();
    }

    private static boolean isDue(Duration frequency, Instant last, Instant now) {
        return !frequency.isZero() && !now.isBefore(last.plus(frequency));
    }

    private void take(Consistency consistency, Duration frequency) {
        Duration timeout = frequency.compareTo(SHORTEST_TIMEOUT) < 0 ? SHORTEST_TIMEOUT : frequency;
        try {
            service.take(consistency, timeout);
        } catch (BookmarkFailedException e) {
            LOG.warning(() -> "Scheduled " + consistency + " bookmark: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
