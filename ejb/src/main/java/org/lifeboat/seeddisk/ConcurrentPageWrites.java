package org.lifeboat.seeddisk;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;

/**
 * Puts one disk's writes into its seed blob several at a time, because one Put Page after another
 * leaves Azure Storage's latency unused; the result is the same as writing them in order, since a write
 * waits for every write still in flight that it overlaps. Used by one thread; {@link #drain()} before
 * anything that must see all of them (a snapshot, recording progress).
 */
public final class ConcurrentPageWrites implements AutoCloseable {

    /** Where the writes go: {@link SeedDiskBlob#write} in production. */
    @FunctionalInterface
    public interface Target {
        void write(long offset, byte[] data);
    }

    private record InFlight(long start, long end, CompletableFuture<Void> done) {
        boolean overlaps(long otherStart, long otherEnd) {
            return start < otherEnd && otherStart < end;
        }
    }

    private final Target target;
    private final Executor executor;
    private final int limit;
    private final List<InFlight> inFlight = new ArrayList<>();

    public ConcurrentPageWrites(Target target, Executor executor, int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1: " + limit);
        }
        this.target = target;
        this.executor = executor;
        this.limit = limit;
    }

    /** Starts a write once the writes it overlaps are done and fewer than the limit are in flight. */
    public void write(long offset, byte[] data) {
        long end = offset + data.length;
        for (InFlight write : List.copyOf(inFlight)) {
            if (write.overlaps(offset, end)) {
                await(write.done());
            }
        }
        forgetFinished();
        while (inFlight.size() >= limit) {
            await(CompletableFuture.anyOf(inFlight.stream().map(InFlight::done).toArray(CompletableFuture[]::new)));
            forgetFinished();
        }
        inFlight.add(new InFlight(offset, end, CompletableFuture.runAsync(() -> target.write(offset, data), executor)));
    }

    /** Waits for every write started so far; throws the first failure. */
    public void drain() {
        try {
            for (InFlight write : inFlight) {
                await(write.done());
            }
        } finally {
            close();
        }
    }

    /**
     * Waits for every write to settle, failed or not, without throwing: after a failure the segment is
     * applied again from its start, and no write of the failed attempt may land after that.
     */
    @Override
    public void close() {
        for (InFlight write : inFlight) {
            write.done().exceptionally(failure -> null).join();
        }
        inFlight.clear();
    }

    /** Drops the writes that are done; throws if one of them failed. */
    private void forgetFinished() {
        inFlight.removeIf(write -> {
            if (!write.done().isDone()) {
                return false;
            }
            await(write.done());
            return true;
        });
    }

    private static void await(CompletableFuture<?> done) {
        try {
            done.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw e;
        }
    }
}
