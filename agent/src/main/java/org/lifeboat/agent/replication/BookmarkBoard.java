package org.lifeboat.agent.replication;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.lifeboat.agent.disk.DiskId;
import org.lifeboat.protocol.Consistency;

/**
 * Where bookmark requests wait for the disks' scanners. A scanner takes the open requests when
 * it starts a pass and queues their BookmarkRecords when that pass completes, so a bookmark
 * covers everything written before it was requested.
 */
public final class BookmarkBoard {

    private final List<BookmarkRequest> open = new ArrayList<>();
    private long generation;

    /**
     * @param restartsPasses the disks are frozen for this bookmark: passes under way are abandoned
     *                       and started again, so the freeze lasts one pass, not nearly two
     */
    public synchronized BookmarkRequest post(String bookmarkId, Consistency consistency, Set<DiskId> disks,
                                             boolean restartsPasses) {
        BookmarkRequest request = new BookmarkRequest(bookmarkId, consistency, disks, restartsPasses, ++generation);
        open.add(request);
        notifyAll();
        return request;
    }

    /** Gives up on a request that did not reach every disk in time. */
    public synchronized void withdraw(BookmarkRequest request) {
        open.remove(request);
    }

    synchronized long generation() {
        return generation;
    }

    synchronized List<BookmarkRequest> openFor(DiskId disk) {
        return open.stream().filter(request -> request.covers(disk)).toList();
    }

    synchronized boolean restartRequestedSince(long seenGeneration, DiskId disk) {
        return open.stream().anyMatch(request -> request.generation() > seenGeneration && request.restartsPasses()
                && request.covers(disk));
    }

    synchronized void appended(BookmarkRequest request, DiskId disk, Sequence sequence) {
        if (request.appended(disk, sequence)) {
            open.remove(request);
        }
    }

    /** Sleeps between passes, but no longer than until a request is posted after {@code seenGeneration}. */
    synchronized void awaitPost(long seenGeneration, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        long remaining = timeout.toMillis();
        while (generation == seenGeneration && remaining > 0) {
            wait(remaining);
            remaining = (deadline - System.nanoTime()) / 1_000_000;
        }
    }
}
