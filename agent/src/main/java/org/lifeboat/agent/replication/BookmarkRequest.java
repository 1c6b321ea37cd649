package org.lifeboat.agent.replication;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.lifeboat.agent.disk.DiskId;
import org.lifeboat.protocol.Consistency;

/**
 * One bookmark on its way into the streams: each disk puts a BookmarkRecord with the shared id
 * after the first full pass it starts once the request is posted.
 */
public final class BookmarkRequest {

    private final String bookmarkId;
    private final Consistency consistency;
    private final Set<DiskId> disks;
    private final boolean restartsPasses;
    private final long generation;
    private final Map<DiskId, Sequence> appended = new ConcurrentHashMap<>();
    private final CompletableFuture<Map<DiskId, Sequence>> allAppended = new CompletableFuture<>();
    /** System.nanoTime() from which a pass no longer counts for this bookmark; 0: no limit. */
    private volatile long expiredAt;

    BookmarkRequest(String bookmarkId, Consistency consistency, Set<DiskId> disks, boolean restartsPasses,
                    long generation) {
        this.bookmarkId = bookmarkId;
        this.consistency = consistency;
        this.disks = Set.copyOf(disks);
        this.restartsPasses = restartsPasses;
        this.generation = generation;
    }

    public String bookmarkId() {
        return bookmarkId;
    }

    public Consistency consistency() {
        return consistency;
    }

    public Set<DiskId> disks() {
        return disks;
    }

    /**
     * Waits until every disk has queued its BookmarkRecord.
     *
     * @return each disk's bookmark sequence
     */
    public Map<DiskId, Sequence> awaitAppended(Duration timeout) throws TimeoutException, InterruptedException {
        try {
            return allAppended.get(Math.max(1, timeout.toMillis()), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException("a bookmark request cannot fail", e);
        }
    }

    /**
     * From now on a disk's pass that ends does not give this bookmark: its writes were held until now and are
     * released next, so a later pass could hold writes made after the moment the bookmark stands for.
     */
    public void expire() {
        expiredAt = System.nanoTime();
    }

    /** Whether a pass that ended at this System.nanoTime() may carry the bookmark. */
    boolean acceptsPassEndedAt(long passEnd) {
        long expired = expiredAt;
        return expired == 0 || passEnd - expired < 0;
    }

    boolean restartsPasses() {
        return restartsPasses;
    }

    long generation() {
        return generation;
    }

    boolean covers(DiskId disk) {
        return disks.contains(disk) && !appended.containsKey(disk);
    }

    /** @return true once every disk has queued the bookmark */
    boolean appended(DiskId disk, Sequence sequence) {
        appended.put(disk, sequence);
        if (appended.keySet().containsAll(disks)) {
            allAppended.complete(Map.copyOf(appended));
            return true;
        }
        return false;
    }
}
