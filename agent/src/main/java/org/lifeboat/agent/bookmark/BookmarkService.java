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
import org.lifeboat.agent.api.GroupRoundOutcome;
import org.lifeboat.agent.api.Severity;
import org.lifeboat.agent.disk.DiskId;
import org.lifeboat.agent.replication.BookmarkRequest;
import org.lifeboat.agent.replication.ReplicationEngine;
import org.lifeboat.agent.replication.BookmarkVoidedException;
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
    /** How long a group bookmark, once queued, may take to be acknowledged (after the writes are released). */
    private static final Duration GROUP_ACK_TIMEOUT = Duration.ofMinutes(2);

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
            try {
                if (!engine.awaitAcknowledged(disk.getKey(), disk.getValue(), remaining(deadline))) {
                    throw new BookmarkFailedException("bookmark " + bookmarkId + " is queued, but the server did not "
                            + "acknowledge it on disk " + disk.getKey() + " within " + timeout.toSeconds() + " s");
                }
            } catch (BookmarkVoidedException e) {
                throw new BookmarkFailedException("bookmark " + bookmarkId + " was not taken: " + e.getMessage());
            }
        }
        // A recovery point exists now; make sure a restart never sends again what led up to it.
        engine.checkpoint();
        BookmarkResult result = new BookmarkResult(bookmarkId, consistency, notes);
        LOG.info(() -> "Bookmark " + bookmarkId + " (" + result.consistency() + ") is durable on the server.");
        return result;
    }

    /** Where a group round's member waits for every other member to hold its writes too. */
    @FunctionalInterface
    public interface GroupGate {
        /** @return empty to take the bookmark, else why not; returns within {@code left} */
        Optional<String> awaitGo(Duration left) throws InterruptedException;
    }

    /**
     * A replication group's bookmark: holds the machine's writes with the pre-freeze command, waits at the gate
     * until every member holds its own, then puts the bookmark tagged {@code tag} after a pass made while the
     * writes are still held, and releases them (post-thaw). The hold never outlasts {@code hold}, whatever the
     * server does: a pass that ends after it does not carry the bookmark. Without freeze commands nothing holds
     * the writes, and the bookmark only shares the moment it was requested at.
     */
    public GroupRoundOutcome takeForGroup(String tag, Consistency requested, Duration hold, GroupGate gate)
            throws InterruptedException {
        long start = System.nanoTime();
        long deadline = start + hold.toNanos();
        Set<DiskId> disks = engine.replicatingDisks();
        if (disks.isEmpty()) {
            return new GroupRoundOutcome(false, 0, null, "no disk of this machine is replicating");
        }
        boolean holds = hooks.preFreeze().isPresent();
        List<String> notes = new ArrayList<>();
        Consistency consistency = holds ? requested : Consistency.CRASH_CONSISTENT;
        Map<DiskId, Sequence> sequences;
        long heldMillis;
        synchronized (freezeLock) {
            long holdStart = System.nanoTime();
            try {
                if (holds) {
                    Optional<String> failure = hooks.preFreeze().get().run();
                    if (failure.isPresent()) {
                        return new GroupRoundOutcome(false, 0, null, "the pre-freeze command failed: " + failure.get());
                    }
                }
                Optional<String> refusal = gate.awaitGo(remaining(deadline));
                if (refusal.isPresent()) {
                    return new GroupRoundOutcome(false, 0, null, refusal.get());
                }
                BookmarkRequest request = engine.bookmarks().post(tag, consistency, disks, holds);
                try {
                    sequences = request.awaitAppended(remaining(deadline));
                } catch (TimeoutException e) {
                    request.expire();
                    engine.bookmarks().withdraw(request);
                    return new GroupRoundOutcome(false, 0, null, "the disks did not complete a pass within the round's "
                            + hold.toMillis() + " ms hold");
                }
            } finally {
                if (holds) {
                    thaw(tag, notes);
                }
                heldMillis = holds ? (System.nanoTime() - holdStart) / 1_000_000 : 0;
            }
        }
        for (Map.Entry<DiskId, Sequence> disk : sequences.entrySet()) {
            try {
                if (!engine.awaitAcknowledged(disk.getKey(), disk.getValue(), GROUP_ACK_TIMEOUT)) {
                    return new GroupRoundOutcome(false, heldMillis, consistency, "bookmark " + tag + " is queued, but "
                            + "the server did not acknowledge it on disk " + disk.getKey() + " within "
                            + GROUP_ACK_TIMEOUT.toSeconds() + " s");
                }
            } catch (BookmarkVoidedException e) {
                return new GroupRoundOutcome(false, heldMillis, consistency, "bookmark " + tag + ": " + e.getMessage());
            }
        }
        engine.checkpoint();
        long held = heldMillis;
        LOG.info(() -> "Group bookmark " + tag + " (" + consistency + ") is durable on the server; writes held " + held
                + " ms.");
        return new GroupRoundOutcome(true, heldMillis, consistency, notes.isEmpty() ? null : String.join(" ", notes));
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
