package org.lifeboat.agent.replication;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.BitSet;
import java.util.Optional;
import java.util.logging.Logger;

import org.lifeboat.agent.disk.DiskId;
import org.lifeboat.files.SecureFiles;
import org.lifeboat.agent.tracking.BlockHashes;
import org.lifeboat.agent.tracking.BlockLayout;

/**
 * What the agent knows durably about one disk's stream: the acknowledged map, the acknowledged
 * and last assigned sequences, and the intents of records in flight. Not thread-safe: the
 * {@link Outbox} guards it, except for {@link #write}, which takes a snapshot's content.
 */
final class DiskState implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(DiskState.class.getName());

    private final DiskId diskId;
    private final BlockLayout layout;
    private final Path checkpointFile;
    private final InflightLog log;
    private final Object writeLock = new Object();
    private BlockHashes acknowledged;
    private Sequence acknowledgedSequence;
    /** Records up to this one are durable in Azure (a DURABLE said so); the log keeps the intents after it. */
    private Sequence durableSequence;
    private Sequence lastAssigned;
    private boolean initialComplete;
    /** What {@link #unknownBytesCheckpointed()} says; set when a checkpoint is written, read by status. */
    private volatile long unknownBytesWritten;
    /** Counts changes to what a checkpoint holds, so an unchanged state is not written again. */
    private long changes;
    private volatile long changesWritten = -1;

    /** A checkpoint taken under the outbox's lock, and the change count it covers. */
    record Snapshot(DiskCheckpoint checkpoint, long changes) {
    }

    private DiskState(DiskId diskId, BlockLayout layout, Path checkpointFile, InflightLog log, BlockHashes acknowledged,
                      Sequence acknowledgedSequence, Sequence durableSequence, Sequence lastAssigned,
                      boolean initialComplete) {
        this.diskId = diskId;
        this.layout = layout;
        this.checkpointFile = checkpointFile;
        this.log = log;
        this.acknowledged = acknowledged;
        this.acknowledgedSequence = acknowledgedSequence;
        this.durableSequence = durableSequence;
        this.lastAssigned = lastAssigned;
        this.initialComplete = initialComplete;
        this.unknownBytesWritten = acknowledged.unknownBytes(layout);
    }

    /**
     * Loads a disk's state, or starts it as the server's new seed disk: all zeros, nothing sent.
     *
     * @throws IOException if the directory cannot be used, or the disk's size changed since its state was written
     */
    static DiskState open(Path directory, DiskId diskId, BlockLayout layout) throws IOException {
        SecureFiles.createPrivateDirectories(directory);
        Path checkpointFile = directory.resolve("acknowledged.map");
        BlockHashes acknowledged = BlockHashes.zeros(layout);
        Sequence acknowledgedSequence = Sequence.NONE;
        Sequence durableSequence = Sequence.NONE;
        Sequence lastAssigned = Sequence.NONE;
        boolean initialComplete = false;
        if (Files.exists(checkpointFile)) {
            try {
                DiskCheckpoint checkpoint = DiskCheckpoint.read(checkpointFile);
                if (checkpoint.layout().diskSizeBytes() != layout.diskSizeBytes()) {
                    throw new DiskSizeChangedException("disk " + diskId + " was " + checkpoint.layout().diskSizeBytes()
                            + " bytes when last replicated and is " + layout.diskSizeBytes() + " bytes now");
                }
                acknowledged = BlockHashes.of(checkpoint.hashes());
                acknowledgedSequence = checkpoint.acknowledged();
                durableSequence = checkpoint.durable();
                lastAssigned = checkpoint.lastAssigned();
                initialComplete = checkpoint.initialComplete();
            } catch (DiskSizeChangedException e) {
                throw e;
            } catch (IOException e) {
                // Without a trustworthy map nothing is known of the server's copy: send every block.
                LOG.warning(() -> "Disk " + diskId + ": " + e.getMessage() + "; every block will be sent again.");
                acknowledged = BlockHashes.unknown(layout);
                initialComplete = false;
            }
        }
        InflightLog log = InflightLog.open(directory.resolve("inflight.log"));
        for (InflightLog.Entry entry : log.entries()) {
            lastAssigned = Sequence.max(lastAssigned, entry.sequence());
            if (entry.sequence().isAfter(acknowledgedSequence)) {
                acknowledged.markUnknown(entry.firstBlock(), entry.blockCount());
            }
        }
        return new DiskState(diskId, layout, checkpointFile, log, acknowledged, acknowledgedSequence, durableSequence,
                lastAssigned, initialComplete);
    }

    DiskId diskId() {
        return diskId;
    }

    BlockLayout layout() {
        return layout;
    }

    BlockHashes acknowledgedCopy() {
        return acknowledged.copy();
    }

    Sequence acknowledgedSequence() {
        return acknowledgedSequence;
    }

    Sequence lastAssigned() {
        return lastAssigned;
    }

    Sequence durableSequence() {
        return durableSequence;
    }

    /** The server says the records up to {@code sequence} are durable in Azure: their intents may go. */
    void durableThrough(Sequence sequence) {
        if (sequence.isAfter(durableSequence)) {
            durableSequence = sequence;
            changes++;
        }
    }

    /**
     * The server holds only the records up to {@code held}, all durable in Azure, of those it acknowledged
     * (its journal was lost): the blocks of every record after it are forgotten from the acknowledged map,
     * so they are sent again whatever they hold now; the rest of the map stands.
     *
     * @return how many records' blocks were forgotten
     */
    int lostAfter(Sequence held) {
        int forgotten = 0;
        for (InflightLog.Entry entry : log.entries()) {
            if (entry.sequence().isAfter(held)) {
                acknowledged.markUnknown(entry.firstBlock(), entry.blockCount());
                forgotten++;
            }
        }
        acknowledgedSequence = held;
        durableSequence = Sequence.max(durableSequence, held);
        changes++;
        return forgotten;
    }

    /** Bytes of the blocks of records acknowledged but not yet durable in Azure (a block touched twice counts twice). */
    long notDurableBytes() {
        long bytes = 0;
        for (InflightLog.Entry entry : log.entries()) {
            if (entry.sequence().isAfter(durableSequence) && !entry.sequence().isAfter(acknowledgedSequence)) {
                bytes += (long) entry.blockCount() * layout.blockSize();
            }
        }
        return bytes;
    }

    boolean initialComplete() {
        return initialComplete;
    }

    /** Takes the next sequence and records the intent to send it, before anything can send it. */
    Sequence assign(int firstBlock, int blockCount) throws IOException {
        Sequence sequence = lastAssigned.next();
        log.append(sequence, firstBlock, blockCount);
        lastAssigned = sequence;
        return sequence;
    }

    void makeIntentDurable(Sequence sequence) throws IOException {
        log.forceThrough(sequence);
    }

    void acknowledged(PendingRecord record) {
        acknowledged.set(record.firstBlock(), record.completedHashes());
        changes++;
    }

    /** A refreshed hash of a block no unacknowledged record touches: the server holds what was hashed. */
    void refreshed(int block, long hash) {
        if (acknowledged.get(block) == org.lifeboat.agent.tracking.BlockHasher.UNKNOWN) {
            acknowledged.set(block, new long[] {hash});
            changes++;
        }
    }

    void acknowledgedThrough(Sequence sequence) {
        if (sequence.isAfter(acknowledgedSequence)) {
            acknowledgedSequence = sequence;
            changes++;
        }
        lastAssigned = Sequence.max(lastAssigned, sequence);
    }

    /** Forgets what the server was thought to hold, after it turned out to hold something else. */
    void replaceAcknowledged(BlockHashes hashes, Sequence sequence) {
        acknowledged = hashes;
        acknowledgedSequence = sequence;
        // what was kept to resend is moot: the map says every block that matters is to be sent
        durableSequence = sequence;
        initialComplete = false;
        changes++;
    }

    /** The server turned out not to hold these blocks as acknowledged (a resync found them different). */
    void forget(BitSet blocks) {
        for (int block = blocks.nextSetBit(0); block >= 0; block = blocks.nextSetBit(block + 1)) {
            acknowledged.markUnknown(block, 1);
        }
        changes++;
    }

    /** Nothing of this disk was ever numbered or acknowledged: a first replication. */
    boolean neverReplicated() {
        return Sequence.NONE.equals(acknowledgedSequence) && Sequence.NONE.equals(lastAssigned) && !initialComplete;
    }

    void markInitialComplete() {
        initialComplete = true;
        changes++;
    }

    /** A copy of what a checkpoint holds, or empty if the last one written is still current. */
    Optional<Snapshot> snapshotIfChanged() {
        if (changes == changesWritten) {
            return Optional.empty();
        }
        return Optional.of(new Snapshot(new DiskCheckpoint(layout, acknowledged.toArray(), acknowledgedSequence,
                lastAssigned, initialComplete, durableSequence), changes));
    }

    /** Persists a snapshot, then drops the intents it covers: those durable in Azure, not merely acknowledged. */
    void write(Snapshot snapshot) throws IOException {
        synchronized (writeLock) {
            snapshot.checkpoint().write(checkpointFile);
            log.retainAfter(snapshot.checkpoint().durable());
            changesWritten = snapshot.changes();
            unknownBytesWritten = snapshot.checkpoint().unknownBytes();
        }
    }

    /**
     * Bytes of the blocks whose acknowledged hash the last checkpoint written does not know: a restart's full
     * compare sends them whole again (the trace tracker's partly sent blocks until the hash refresh learns them).
     */
    long unknownBytesCheckpointed() {
        return unknownBytesWritten;
    }

    @Override
    public void close() throws IOException {
        log.close();
    }

    /** The disk is not the size its replica was made for. */
    static final class DiskSizeChangedException extends IOException {

        private static final long serialVersionUID = 1L;

        DiskSizeChangedException(String message) {
            super(message);
        }
    }
}
