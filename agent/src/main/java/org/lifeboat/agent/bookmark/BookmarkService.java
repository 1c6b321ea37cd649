package org.lifeboat.agent.bookmark;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeoutException;
import java.util.logging.Logger;

import org.lifeboat.agent.api.AgentEvent;
import org.lifeboat.agent.api.EventSink;
import org.lifeboat.agent.api.Severity;
import org.lifeboat.agent.disk.DiskId;
import org.lifeboat.agent.replication.BookmarkRequest;
import org.lifeboat.agent.replication.ReplicationEngine;
import org.lifeboat.agent.replication.Sequence;
import org.lifeboat.protocol.Consistency;

/**
 * Takes bookmarks: for an app-consistent one runs the pre-freeze command, waits until every
 * disk has completed a pass and queued the bookmark, runs the post-thaw command whatever
 * happened, and returns once the server has acknowledged the bookmark on every disk.
 * <p>
 * A failed or missing pre-freeze still gives a bookmark, a crash-consistent one, and an event
 * tells the operator why. One freeze at a time: bookmarks are serialised up to the thaw.
 */
public final class BookmarkService {

    private static final Logger LOG = Logger.getLogger(BookmarkService.class.getName());

    private final ReplicationEngine engine;
    private final EventSink events;
    private final FreezeHooks hooks;
    private final Object freezeLock = new Object();

    public BookmarkService(ReplicationEngine engine, EventSink events, FreezeHooks hooks) {
        this.engine = engine;
        this.events = events;
        this.hooks = hooks;
    }

    public BookmarkResult take(Consistency requested, Duration timeout) throws BookmarkFailedException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Set<DiskId> disks = engine.replicatingDisks();
        if (disks.isEmpty()) {
            throw new BookmarkFailedException("no disk of this machine is replicating; enable its replication on the server first");
        }
        String bookmarkId = UUID.randomUUID().toString();
        List<String> notes = new ArrayList<>();
        Consistency consistency;
        Map<DiskId, Sequence> sequences;
        synchronized (freezeLock) {
            consistency = requested == Consistency.APP_CONSISTENT ? freeze(bookmarkId, notes) : Consistency.CRASH_CONSISTENT;
            try {
                BookmarkRequest request = engine.bookmarks().post(bookmarkId, consistency, disks,
                        consistency == Consistency.APP_CONSISTENT);
                try {
                    sequences = request.awaitAppended(remaining(deadline));
                } catch (TimeoutException e) {
                    engine.bookmarks().withdraw(request);
                    throw new BookmarkFailedException("the disks did not complete a pass within " + timeout.toSeconds()
                            + " s, so bookmark " + bookmarkId + " was not taken");
                }
            } finally {
                if (requested == Consistency.APP_CONSISTENT && hooks.postThaw().isPresent()) {
                    thaw(bookmarkId, notes);
                }
            }
        }
        for (Map.Entry<DiskId, Sequence> disk : sequences.entrySet()) {
            if (!engine.awaitAcknowledged(disk.getKey(), disk.getValue(), remaining(deadline))) {
                throw new BookmarkFailedException("bookmark " + bookmarkId + " is queued, but the server did not acknowledge"
                        + " it on disk " + disk.getKey() + " within " + timeout.toSeconds() + " s");
            }
        }
        // A recovery point exists now; make sure a restart never sends again what led up to it.
        engine.checkpoint();
        BookmarkResult result = new BookmarkResult(bookmarkId, consistency, notes);
        LOG.info(() -> "Bookmark " + bookmarkId + " (" + result.consistency() + ") is durable on the server.");
        return result;
    }

    /** Runs pre-freeze; @return the consistency the bookmark can promise */
    private Consistency freeze(String bookmarkId, List<String> notes) throws InterruptedException {
        Optional<HookCommand> preFreeze = hooks.preFreeze();
        if (preFreeze.isEmpty()) {
            warn(notes, Severity.WARNING, "No pre-freeze command is configured (run --pre-freeze); bookmark " + bookmarkId
                    + " is crash-consistent only.");
            return Consistency.CRASH_CONSISTENT;
        }
        Optional<String> failure = preFreeze.get().run();
        if (failure.isPresent()) {
            warn(notes, Severity.WARNING, "The pre-freeze command failed: " + failure.get() + "; bookmark " + bookmarkId
                    + " is crash-consistent only.");
            return Consistency.CRASH_CONSISTENT;
        }
        return Consistency.APP_CONSISTENT;
    }

    private void thaw(String bookmarkId, List<String> notes) throws InterruptedException {
        Optional<String> failure = hooks.postThaw().orElseThrow().run();
        failure.ifPresent(reason -> warn(notes, Severity.CRITICAL, "The post-thaw command failed after bookmark "
                + bookmarkId + ": " + reason + "; applications may still be frozen."));
    }

    private void warn(List<String> notes, Severity severity, String message) {
        notes.add(message);
        LOG.warning(message);
        events.post(new AgentEvent(severity, message));
    }

    private static Duration remaining(long deadline) {
        return Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
    }
}
