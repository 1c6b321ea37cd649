package org.lifeboat.agent.replication;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

import org.lifeboat.agent.disk.DiskId;
import org.lifeboat.agent.tracking.BlockHashes;
import org.lifeboat.protocol.BookmarkRecord;
import org.lifeboat.protocol.ChangeRecord;
import org.lifeboat.protocol.Resume;

/**
 * Every disk's unacknowledged records, between the scanners that append them, the writer that
 * sends them and the reader that applies ACKs. A disk's window is bounded: when it is full the
 * scanner waits for ACKs (back-pressure); nothing is ever dropped.
 */
public final class Outbox {

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final Map<DiskId, DiskStream> streams = new LinkedHashMap<>();
    private final long windowBytes;
    /** How many disks completed their initial replication since the agent started. */
    private final AtomicLong initialCompletions = new AtomicLong();
    private int turn;

    /**
     * @param windowBytes data a disk may have unacknowledged before its scanner waits
     */
    public Outbox(long windowBytes) {
        this.windowBytes = windowBytes;
    }

    void add(DiskState state) {
        lock.lock();
        try {
            streams.put(state.diskId(), new DiskStream(state));
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    void remove(DiskId diskId) {
        lock.lock();
        try {
            streams.remove(diskId);
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Numbers a record and queues it for sending, waiting while the disk's window is full.
     *
     * @param dataBytes       the record's data bytes, what the window counts
     * @param completedHashes the block hashes its acknowledgement confirms
     * @param build           makes the record once its sequence is known
     */
    Sequence append(DiskId diskId, int dataBytes, int firstBlock, int blockCount, long[] completedHashes,
                    Function<Sequence, ChangeRecord> build) throws InterruptedException, IOException {
        lock.lockInterruptibly();
        try {
            DiskStream stream = stream(diskId);
            while (stream.windowBytes > 0 && stream.windowBytes + dataBytes > windowBytes) {
                changed.await();
            }
            Sequence sequence = stream.state.assign(firstBlock, blockCount);
            stream.unsent.add(new PendingRecord(build.apply(sequence), firstBlock, blockCount,
                    completedHashes.length == 0 ? completedHashes : completedHashes.clone()));
            stream.windowBytes += dataBytes;
            changed.signalAll();
            return sequence;
        } finally {
            lock.unlock();
        }
    }

    /** The next record to send, disks taking turns, or empty if none came within {@code wait}. */
    Optional<Outgoing> nextToSend(Duration wait) throws InterruptedException {
        long remaining = wait.toNanos();
        lock.lockInterruptibly();
        try {
            while (true) {
                List<DiskStream> all = new ArrayList<>(streams.values());
                for (int i = 0; i < all.size(); i++) {
                    DiskStream stream = all.get((turn + i) % all.size());
                    if (stream.live && !stream.unsent.isEmpty()) {
                        turn = (turn + i + 1) % all.size();
                        PendingRecord record = stream.unsent.poll();
                        stream.sent.add(record);
                        return Optional.of(new Outgoing(record.record(), stream.state));
                    }
                }
                if (remaining <= 0) {
                    return Optional.empty();
                }
                remaining = changed.awaitNanos(remaining);
            }
        } finally {
            lock.unlock();
        }
    }

    /** Applies a cumulative ACK: records up to {@code durable} are durable on the server. */
    void acknowledge(DiskId diskId, Sequence durable) {
        lock.lock();
        try {
            DiskStream stream = streams.get(diskId);
            if (stream != null) {
                acknowledge(stream, durable);
                changed.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Applies a durability notice: records up to {@code durable} are durable in Azure, their intents may go. */
    void durable(DiskId diskId, Sequence durable) {
        lock.lock();
        try {
            DiskStream stream = streams.get(diskId);
            if (stream != null) {
                stream.state.durableThrough(durable);
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Starts a session: applies what the server holds of each disk, puts every unacknowledged
     * record back in line, and numbers new records after the higher of the agent's last
     * sequence and the server's durable one.
     *
     * @return what the operator should know about disks the server holds differently than expected
     */
    List<String> resume(Resume resume) {
        lock.lock();
        try {
            List<String> notes = new ArrayList<>();
            for (DiskStream stream : streams.values()) {
                stream.rewind();
                stream.live = false;
                Optional<Resume.DiskResume> held = resume.disks().stream()
                        .filter(disk -> disk.diskId().equals(stream.diskId().value())).findFirst();
                if (held.isEmpty()) {
                    stream.refusal = "the server does not replicate this disk";
                    notes.add("Disk " + stream.diskId() + ": " + stream.refusal + "; its changes wait.");
                    continue;
                }
                if (held.get().sizeBytes() != stream.state.layout().diskSizeBytes()) {
                    stream.refusal = "the server's replica is " + held.get().sizeBytes() + " bytes, the disk "
                            + stream.state.layout().diskSizeBytes() + " bytes";
                    notes.add("Disk " + stream.diskId() + ": " + stream.refusal + "; not replicating it.");
                    continue;
                }
                stream.refusal = null;
                resumeFrom(stream, Sequence.of(held.get().durableSequence()), notes);
                stream.live = true;
            }
            changed.signalAll();
            return notes;
        } finally {
            lock.unlock();
        }
    }

    /** The connection is gone: everything unacknowledged will be sent again on the next one. */
    void disconnected() {
        lock.lock();
        try {
            for (DiskStream stream : streams.values()) {
                stream.rewind();
                stream.live = false;
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    boolean isIdle(DiskId diskId) {
        lock.lock();
        try {
            return stream(diskId).isIdle();
        } finally {
            lock.unlock();
        }
    }

    /** The first full pass over the disk has queued everything: once that is acknowledged, initial replication is done. */
    void initialPassComplete(DiskId diskId) {
        lock.lock();
        try {
            DiskStream stream = stream(diskId);
            if (!stream.state.initialComplete() && stream.initialCompletesAt == null) {
                stream.initialCompletesAt = stream.state.lastAssigned();
                acknowledge(stream, stream.state.acknowledgedSequence());
            }
        } finally {
            lock.unlock();
        }
    }

    BlockHashes acknowledgedCopy(DiskId diskId) {
        lock.lock();
        try {
            return stream(diskId).state.acknowledgedCopy();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Hashes a {@link org.lifeboat.agent.tracking.HashRefresh} took as those of what was sent: each becomes the
     * block's acknowledged hash once the server acknowledges the last record that touches the block (at once when
     * none waits), so the acknowledged map, and a restart, keep it. A block whose last record leaves its hash to a
     * later piece (a block larger than a record) is left unknown. Ignored while a resync waits for the scanner.
     */
    void refreshed(DiskId diskId, List<org.lifeboat.agent.tracking.HashRefresh.Refreshed> hashes) {
        if (hashes.isEmpty()) {
            return;
        }
        lock.lock();
        try {
            DiskStream stream = streams.get(diskId);
            if (stream == null || stream.resyncRequested) {
                return; // the scanner starts over from the acknowledged map, which the server turned out not to hold
            }
            Map<Integer, Long> open = new java.util.HashMap<>();
            hashes.forEach(refreshed -> open.put(refreshed.block(), refreshed.hash()));
            for (Iterator<PendingRecord> newestFirst : List.of(stream.unsent.descendingIterator(),
                    stream.sent.descendingIterator())) {
                while (newestFirst.hasNext() && !open.isEmpty()) {
                    PendingRecord record = newestFirst.next();
                    for (int i = 0; i < record.blockCount(); i++) {
                        Long hash = open.remove(record.firstBlock() + i);
                        if (hash != null && record.completesEveryBlock()
                                && record.completedHashes()[i] == org.lifeboat.agent.tracking.BlockHasher.UNKNOWN) {
                            record.completedHashes()[i] = hash;
                        }
                    }
                }
            }
            open.forEach(stream.state::refreshed); // nothing waits: the server holds what was hashed
        } finally {
            lock.unlock();
        }
    }

    boolean resyncRequested(DiskId diskId) {
        lock.lock();
        try {
            return stream(diskId).resyncRequested;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Has the disk's scanner send these blocks again: they are forgotten from the acknowledged map (the
     * sequences and the in-flight records stay as they are) and the scanner starts over from that map,
     * so it sends them in the normal way, whatever they hold by then.
     */
    void resend(DiskId diskId, BitSet blocks) {
        lock.lock();
        try {
            DiskStream stream = stream(diskId);
            stream.state.forget(blocks);
            stream.resyncRequested = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** The acknowledged map to restart the scanner from, if it was replaced since the last call. */
    Optional<BlockHashes> takeResync(DiskId diskId) {
        lock.lock();
        try {
            DiskStream stream = stream(diskId);
            if (!stream.resyncRequested) {
                return Optional.empty();
            }
            stream.resyncRequested = false;
            return Optional.of(stream.state.acknowledgedCopy());
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits until the server has acknowledged {@code sequence} of a disk.
     *
     * @return false if it did not within {@code timeout}, or the disk is no longer replicated
     */
    boolean awaitAcknowledged(DiskId diskId, Sequence sequence, Duration timeout) throws InterruptedException {
        long remaining = timeout.toNanos();
        lock.lockInterruptibly();
        try {
            while (true) {
                DiskStream stream = streams.get(diskId);
                if (stream == null) {
                    return false;
                }
                Optional<Sequence> held = stream.voided(sequence);
                if (held.isPresent()) {
                    throw new BookmarkVoidedException("the process server holds disk " + diskId + " only up to sequence "
                            + held.get() + ": it lost records acknowledged before the bookmark's (" + sequence
                            + "), so the bookmark would stand for writes it does not hold and was not sent; they are "
                            + "being sent again: take the bookmark again");
                }
                if (!sequence.isAfter(stream.state.acknowledgedSequence())) {
                    return true;
                }
                if (remaining <= 0) {
                    return false;
                }
                remaining = changed.awaitNanos(remaining);
            }
        } finally {
            lock.unlock();
        }
    }

    /** Wakes everything waiting on the outbox, e.g. a writer whose connection just closed. */
    void wakeUp() {
        lock.lock();
        try {
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    Optional<StreamProgress> progress(DiskId diskId) {
        lock.lock();
        try {
            DiskStream stream = streams.get(diskId);
            if (stream == null) {
                return Optional.empty();
            }
            return Optional.of(new StreamProgress(stream.state.acknowledgedSequence(), stream.windowBytes, stream.live,
                    stream.state.initialComplete(), stream.refusal, stream.state.durableSequence(),
                    stream.state.notDurableBytes(), stream.state.unknownBytesCheckpointed()));
        } finally {
            lock.unlock();
        }
    }

    /** Consistent snapshots of the disks whose state changed since it was last written, for writing outside the lock. */
    Map<DiskState, DiskState.Snapshot> snapshots() {
        lock.lock();
        try {
            Map<DiskState, DiskState.Snapshot> snapshots = new LinkedHashMap<>();
            streams.values().forEach(stream -> stream.state.snapshotIfChanged()
                    .ifPresent(snapshot -> snapshots.put(stream.state, snapshot)));
            return snapshots;
        } finally {
            lock.unlock();
        }
    }

    private void resumeFrom(DiskStream stream, Sequence durable, List<String> notes) {
        DiskState state = stream.state;
        if (durable.isAfter(state.lastAssigned())) {
            // The server holds records this state never numbered: the state is older than the
            // server's copy (restored from a backup, or the machine reverted to a snapshot).
            notes.add("Disk " + stream.diskId() + ": the server holds sequence " + durable + ", beyond this agent's "
                    + state.lastAssigned() + "; its copy is newer than this agent's state, so every block is sent again.");
            // The server takes the queued records for duplicates of its own: they confirm nothing.
            voidBookmarks(stream, durable);
            stream.unsent.clear();
            stream.windowBytes = 0;
            state.replaceAcknowledged(BlockHashes.unknown(state.layout()), durable);
            stream.initialCompletesAt = null;
            stream.resyncRequested = true;
        } else if (state.acknowledgedSequence().isAfter(durable) && durable.value() > 0
                && !state.durableSequence().isAfter(durable)) {
            // The server holds what it told durable in Azure but lost acknowledged records after it: its
            // journal is gone (its disk died, or its home was deleted). The agent kept their blocks.
            Sequence acknowledged = state.acknowledgedSequence();
            voidBookmarks(stream, durable);
            int records = state.lostAfter(durable);
            notes.add("Disk " + stream.diskId() + ": the server holds only up to sequence " + durable
                    + " (durable in Azure) of the acknowledged " + acknowledged
                    + "; its journal was lost: sending again the blocks of the " + records + " record(s) after it.");
            stream.initialCompletesAt = null;
            stream.resyncRequested = true;
        } else if (state.acknowledgedSequence().isAfter(durable)) {
            // The server lost records it had acknowledged, e.g. the disk was disabled and enabled again.
            notes.add("Disk " + stream.diskId() + ": the server holds only up to sequence " + durable
                    + " of the acknowledged " + state.acknowledgedSequence() + "; sending again what it lacks.");
            voidBookmarks(stream, durable);
            // A server that holds nothing has a new, all-zero seed disk.
            state.replaceAcknowledged(durable.value() == 0 ? BlockHashes.zeros(state.layout())
                    : BlockHashes.unknown(state.layout()), durable);
            stream.initialCompletesAt = null;
            stream.resyncRequested = true;
        }
        acknowledge(stream, durable);
    }

    /**
     * The server lacks acknowledged records after {@code durable}: a bookmark queued after them would give a point
     * without them. Its marker is dropped (a hole in the sequence, which the server allows) and its waiter told.
     */
    private static void voidBookmarks(DiskStream stream, Sequence durable) {
        // a server newer than this agent's state holds none of what it queued: every queued bookmark goes
        Sequence acknowledged = stream.state.acknowledgedSequence();
        Sequence held = durable.isAfter(acknowledged) ? acknowledged : durable;
        stream.unsent.removeIf(pending -> pending.record() instanceof BookmarkRecord && pending.sequence().isAfter(held));
        stream.voidBookmarksAfter(held, stream.state.lastAssigned());
    }

    private void acknowledge(DiskStream stream, Sequence durable) {
        drain(stream, stream.sent, durable);
        drain(stream, stream.unsent, durable);
        stream.state.acknowledgedThrough(durable);
        if (stream.initialCompletesAt != null
                && !stream.initialCompletesAt.isAfter(stream.state.acknowledgedSequence())) {
            stream.state.markInitialComplete();
            stream.initialCompletesAt = null;
            initialCompletions.incrementAndGet();
        }
    }

    /** Grows by one each time a disk completes its initial replication, however briefly it took. */
    public long initialCompletions() {
        return initialCompletions.get();
    }

    private static void drain(DiskStream stream, Deque<PendingRecord> records, Sequence durable) {
        while (!records.isEmpty() && !records.peek().sequence().isAfter(durable)) {
            PendingRecord record = records.poll();
            stream.state.acknowledged(record);
            stream.windowBytes -= record.dataBytes();
        }
    }

    private DiskStream stream(DiskId diskId) {
        DiskStream stream = streams.get(diskId);
        if (stream == null) {
            throw new IllegalStateException("disk " + diskId + " is not replicated");
        }
        return stream;
    }
}
