package org.lifeboat.agent.tracking;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.ArrayDeque;
import java.util.BitSet;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.FutureTask;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;

import org.lifeboat.protocol.ProtocolLimits;

/**
 * The portable change tracker: reads a disk block by block, compares each block's hash with
 * the hash of what was last sent of it, and hands on the blocks that differ, coalesced.
 * <p>
 * A block is compared and sent from the same read, so a hash always describes exactly the
 * bytes that went out. Records are handed on in disk order; a record's hashes are taken into
 * the sent map only once the sink accepted it.
 */
public final class DiskScanner {

    /** Enough for O_DIRECT on disks with 512-byte and 4 KiB logical sectors. */
    private static final int DIRECT_ALIGNMENT = 4096;
    /**
     * Reads of a traced pass in flight at once: one 4 KiB read at a time kept a loop device at about
     * 13,000 reads a second, the tracker's bottleneck (docs/BENCHMARKS.md, "Change tracking").
     */
    public static final int READERS = 4;
    private static final ThreadFactory READER_THREADS = task -> {
        Thread thread = new Thread(task, "lifeboat-disk-reader");
        thread.setDaemon(true);
        return thread;
    };

    private final FileChannel disk;
    private final BlockLayout layout;
    private final BlockHasher hasher;
    private final BlockHashes sent;
    private final byte[] block;
    /** Reads go through an aligned direct buffer, so that a disk opened with O_DIRECT reads too. */
    private final ByteBuffer io;
    /** How many runs {@link #sendWritten} reads at once. */
    private final int readers;
    /**
     * {@link #sendWritten}'s read buffers, one per reader, each grown to the longest run it read (at most a
     * frame): at most {@code readers} x 4 MiB of direct memory, 4 x 64 KiB for random small writes.
     */
    private final BlockingQueue<ByteBuffer> runBuffers;
    private volatile long scannedBytes;

    /**
     * @param sent what was last sent of each block; this scanner updates it as it hands changes on
     */
    public DiskScanner(FileChannel disk, BlockLayout layout, BlockHashes sent) {
        this(disk, layout, sent, READERS);
    }

    /** @param readers how many of a pass's written runs are read at once (1: one after the other) */
    public DiskScanner(FileChannel disk, BlockLayout layout, BlockHashes sent, int readers) {
        if (readers < 1 || readers > 64) {
            throw new IllegalArgumentException("readers must be 1 to 64, not " + readers);
        }
        this.readers = readers;
        this.runBuffers = new ArrayBlockingQueue<>(readers);
        for (int i = 0; i < readers; i++) {
            runBuffers.add(aligned(DIRECT_ALIGNMENT * 16));
        }
        this.disk = disk;
        this.layout = layout;
        this.hasher = new BlockHasher(layout.blockSize());
        this.sent = sent;
        this.block = new byte[layout.blockSize()];
        this.io = ByteBuffer.allocateDirect(layout.blockSize() + DIRECT_ALIGNMENT).alignedSlice(DIRECT_ALIGNMENT);
    }

    public BlockLayout layout() {
        return layout;
    }

    /** The hash of what was last sent of a block: {@link BlockHasher#UNKNOWN} when it was sent in part. */
    public long sentHash(int block) {
        return sent.get(block);
    }

    /**
     * Reads one hashed block whole and hashes it, sending nothing ({@link HashRefresh}'s read). Not while a pass
     * of this scanner runs: it shares the pass's buffer.
     */
    public long hashWhole(int block) throws IOException {
        int length = layout.length(block);
        readFully(layout.offset(block), length);
        return hasher.hash(this.block, 0, length);
    }

    /**
     * Takes a hash {@link HashRefresh} learnt as that of what was sent of the block, if the block's sent hash is
     * still unknown (a pass that sent it since would have discarded the refresh anyway).
     *
     * @return whether it was taken
     */
    public boolean takeRefreshed(int block, long hash) {
        if (sent.get(block) != BlockHasher.UNKNOWN || hash == BlockHasher.UNKNOWN) {
            return false;
        }
        sent.set(block, new long[] {hash});
        return true;
    }

    /** Bytes compared so far by the current (or last) pass, for progress reports. */
    public long scannedBytes() {
        return scannedBytes;
    }

    public ScanPass scan(ChangeSink sink, PassControl control) throws IOException, InterruptedException {
        return scan(sink, control, null);
    }

    /**
     * Compares only the given blocks (those a tracker saw written), or every block when
     * {@code only} is null. Progress still counts up to the last block compared.
     */
    public ScanPass scan(ChangeSink sink, PassControl control, BitSet only) throws IOException, InterruptedException {
        int[] changes = {0};
        long[] changedBytes = {0};
        ChangeCoalescer coalescer = new ChangeCoalescer(change -> {
            sink.accept(change);
            sent.set(change.firstBlock(), change.completedHashes());
            changes[0]++;
            changedBytes[0] += change.length();
        });
        scannedBytes = 0;
        int count = layout.blockCount();
        for (int index = next(only, 0); index < count; index = next(only, index + 1)) {
            if (control.shouldAbandon()) {
                coalescer.flush();
                return new ScanPass(false, changes[0], changedBytes[0]);
            }
            long offset = layout.offset(index);
            int length = layout.length(index);
            readFully(offset, length);
            long hash = hasher.hash(block, 0, length);
            if (hash == sent.get(index)) {
                coalescer.flush();
            } else {
                coalescer.changed(index, offset, block, length, hash);
            }
            scannedBytes = offset + length;
        }
        coalescer.flush();
        return new ScanPass(true, changes[0], changedBytes[0]);
    }

    /**
     * Reads and sends the extents a tracker saw written ({@code written}, bits of
     * {@code extents}, a layout at least as fine as this scanner's), adjacent ones joined, at most
     * one data record each: a random 4 KiB write costs a 4 KiB read and a 4 KiB record, not its
     * whole hashed block. A hashed block the records cover whole is hashed and compared (and not
     * sent if unchanged); one covered in part is sent without compare and its hash becomes
     * {@link BlockHasher#UNKNOWN}, so a later full compare (after a gap) sends it whole.
     * <p>
     * Up to {@link #readers} runs are read at once (positional reads from a pool made for the pass),
     * since one small read at a time leaves a disk's queue empty; they are handed on in disk order,
     * each once every run before it was. The caller took {@code written} after the writes completed,
     * so every read still comes after the writes it sends.
     */
    public ScanPass sendWritten(ChangeSink sink, PassControl control, BitSet written, BlockLayout extents)
            throws IOException, InterruptedException {
        if (extents.diskSizeBytes() != layout.diskSizeBytes()) {
            throw new IllegalArgumentException("extents of a " + extents.diskSizeBytes() + "-byte disk for a "
                    + layout.diskSizeBytes() + "-byte one");
        }
        if (extents.blockSize() >= layout.blockSize()) {
            return scan(sink, control, toBlocks(written, extents)); // no finer than the hashed blocks: compare them
        }
        int changes = 0;
        long changedBytes = 0;
        scannedBytes = 0;
        int count = extents.blockCount();
        ArrayDeque<FutureTask<Run>> reading = new ArrayDeque<>(readers);
        ExecutorService pool = null;
        boolean abandoned = false;
        try {
            int extent = written.nextSetBit(0);
            while (true) {
                boolean more = !abandoned && extent >= 0 && extent < count;
                if (more && reading.size() < readers) {
                    if (control.shouldAbandon()) {
                        abandoned = true; // the runs being read are still handed on, as one after the other they were
                        continue;
                    }
                    long start = extents.offset(extent);
                    int end = written.nextClearBit(extent);
                    // at most one record, ending on a hashed block's boundary where it is cut short
                    long limit = start + ProtocolLimits.MAX_DATA_BYTES;
                    long stop = Math.min(end >= count ? layout.diskSizeBytes() : extents.offset(end), limit);
                    if (stop == limit && stop < layout.diskSizeBytes() && stop % layout.blockSize() != 0
                            && stop - stop % layout.blockSize() > start) {
                        stop -= stop % layout.blockSize();
                    }
                    int length = Math.toIntExact(stop - start);
                    FutureTask<Run> read = new FutureTask<>(() -> readRun(start, length));
                    if (readers == 1) {
                        read.run();
                    } else {
                        if (pool == null) {
                            pool = Executors.newFixedThreadPool(readers, READER_THREADS);
                        }
                        pool.execute(read);
                    }
                    reading.add(read);
                    extent = (int) ((stop + extents.blockSize() - 1) / extents.blockSize());
                    extent = extent >= count ? -1 : written.nextSetBit(extent);
                    continue;
                }
                if (reading.isEmpty()) {
                    break;
                }
                Run run = await(reading.poll());
                DataChange change = run.unlessUnchanged(sent);
                if (change != null) {
                    sink.accept(change);
                    sent.set(change.firstBlock(), change.completedHashes());
                    changes++;
                    changedBytes += change.length();
                }
                scannedBytes = run.start() + run.data().length;
            }
        } finally {
            if (pool != null) {
                // never interrupt a reader: an interrupted read closes the disk's channel for every reader
                pool.shutdown();
                awaitReaders(pool);
            }
        }
        return new ScanPass(!abandoned, changes, changedBytes);
    }

    /** A run read, with the hashes of the hashed blocks it covers whole ({@link BlockHasher#UNKNOWN} for the others). */
    private record Run(long start, byte[] data, int firstBlock, long[] hashes) {

        /** The record to send; null when the run covers only whole blocks, all as last sent. */
        DataChange unlessUnchanged(BlockHashes sent) {
            boolean unchanged = true;
            for (int i = 0; i < hashes.length && unchanged; i++) {
                unchanged = hashes[i] != BlockHasher.UNKNOWN && hashes[i] == sent.get(firstBlock + i);
            }
            return unchanged ? null : new DataChange(start, data, firstBlock, hashes.length, hashes);
        }
    }

    /** Reads {@code [start, start + length)} into a reader's buffer and hashes the blocks it covers whole. */
    private Run readRun(long start, int length) throws IOException, InterruptedException {
        ByteBuffer buffer = runBuffers.take(); // one per reader: never waits
        byte[] data = new byte[length];
        try {
            if (buffer.capacity() < length) {
                buffer = aligned(Integer.highestOneBit(length - 1) << 1);
            }
            buffer.clear().limit(length);
            while (buffer.hasRemaining()) {
                if (disk.read(buffer, start + buffer.position()) < 0) {
                    throw new EOFException("the disk ends at " + (start + buffer.position())
                            + " bytes, before its registered size of " + layout.diskSizeBytes());
                }
            }
            buffer.flip().get(data);
        } finally {
            runBuffers.add(buffer);
        }
        int firstBlock = (int) (start / layout.blockSize());
        int lastBlock = (int) ((start + length - 1) / layout.blockSize());
        long[] hashes = new long[lastBlock - firstBlock + 1];
        for (int index = firstBlock; index <= lastBlock; index++) {
            long blockStart = layout.offset(index);
            int blockLength = layout.length(index);
            long hash = BlockHasher.UNKNOWN;
            if (blockStart >= start && blockStart + blockLength <= start + length) {
                hash = hasher.hash(data, (int) (blockStart - start), blockLength);
            }
            hashes[index - firstBlock] = hash;
        }
        return new Run(start, data, firstBlock, hashes);
    }

    private static Run await(FutureTask<Run> read) throws IOException, InterruptedException {
        try {
            return read.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (e.getCause() instanceof InterruptedException interrupted) {
                throw interrupted;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    /** Waits for the readers' last reads (each one bounded read), keeping this thread's interrupt. */
    private static void awaitReaders(ExecutorService pool) {
        boolean interrupted = false;
        while (true) {
            try {
                if (pool.awaitTermination(1, TimeUnit.MINUTES)) {
                    break;
                }
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private static ByteBuffer aligned(int capacity) {
        return ByteBuffer.allocateDirect(capacity + DIRECT_ALIGNMENT).alignedSlice(DIRECT_ALIGNMENT);
    }

    /** The hashed blocks that the given extents lie in. */
    private BitSet toBlocks(BitSet written, BlockLayout extents) {
        BitSet blocks = new BitSet(layout.blockCount());
        for (int extent = written.nextSetBit(0); extent >= 0 && extent < extents.blockCount();
             extent = written.nextSetBit(extent + 1)) {
            long start = extents.offset(extent);
            long end = start + extents.length(extent);
            blocks.set((int) (start / layout.blockSize()), (int) ((end - 1) / layout.blockSize()) + 1);
        }
        return blocks;
    }

    private static int next(BitSet only, int from) {
        if (only == null) {
            return from;
        }
        int next = only.nextSetBit(from);
        return next < 0 ? Integer.MAX_VALUE : next;
    }

    private void readFully(long offset, int length) throws IOException {
        io.clear().limit(length);
        while (io.hasRemaining()) {
            if (disk.read(io, offset + io.position()) < 0) {
                throw new EOFException("the disk ends at " + (offset + io.position())
                        + " bytes, before its registered size of " + layout.diskSizeBytes());
            }
        }
        io.flip().get(block, 0, length);
    }
}
