package org.lifeboat.agent.replication;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;

import org.lifeboat.agent.disk.DiskId;

/**
 * One disk's records between the scanner and the server's acknowledgement, in sequence order:
 * {@code sent} went out on the current connection, {@code unsent} waits for the writer. After a
 * reconnect both are sent again, in order, with their original sequences. Guarded by the
 * {@link Outbox}'s lock.
 */
final class DiskStream {

    final DiskState state;
    final Deque<PendingRecord> sent = new ArrayDeque<>();
    final Deque<PendingRecord> unsent = new ArrayDeque<>();
    long windowBytes;
    /** In the current session: the server listed the disk in RESUME and its size matched. */
    boolean live;
    /** Acknowledging this sequence completes the initial replication; null until the first full pass ends. */
    Sequence initialCompletesAt;
    /** The acknowledged map was replaced: the scanner must start over from it. */
    boolean resyncRequested;
    /** Why the server cannot take this disk's stream, if it cannot. */
    String refusal;
    /**
     * Ranges (after, through] of sequences whose bookmarks were queued before the server was found to lack
     * acknowledged records before them: they stand for writes it does not hold, so they are never sent and never
     * reported durable. The newest {@value #VOIDED_KEPT}: a waiter looks within seconds.
     */
    final Deque<Sequence[]> voided = new ArrayDeque<>();
    static final int VOIDED_KEPT = 16;

    DiskStream(DiskState state) {
        this.state = state;
    }

    DiskId diskId() {
        return state.diskId();
    }

    boolean isIdle() {
        return sent.isEmpty() && unsent.isEmpty();
    }

    /** Whether the bookmark numbered {@code sequence} was voided by a server that lost records before it. */
    Optional<Sequence> voided(Sequence sequence) {
        return voided.stream().filter(range -> sequence.isAfter(range[0]) && !sequence.isAfter(range[1]))
                .map(range -> range[0]).findFirst();
    }

    void voidBookmarksAfter(Sequence held, Sequence through) {
        if (voided.size() == VOIDED_KEPT) {
            voided.pollFirst();
        }
        voided.addLast(new Sequence[]{held, through});
    }

    /** Puts what was sent on a lost connection back in front of what was not. */
    void rewind() {
        while (!sent.isEmpty()) {
            unsent.addFirst(sent.pollLast());
        }
    }
}
