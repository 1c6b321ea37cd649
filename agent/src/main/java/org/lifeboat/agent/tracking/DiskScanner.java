package org.lifeboat.agent.tracking;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.BitSet;

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

    private final FileChannel disk;
    private final BlockLayout layout;
    private final BlockHasher hasher;
    private final BlockHashes sent;
    private final byte[] block;
    /** Reads go through an aligned direct buffer, so that a disk opened with O_DIRECT reads too. */
    private final ByteBuffer io;
    /** For {@link #sendWritten}'s records, up to one frame; allocated on its first use. */
    private ByteBuffer run;
    private volatile long scannedBytes;

    /**
     * @param sent what was last sent of each block; this scanner updates it as it hands changes on
     */
    public DiskScanner(FileChannel disk, BlockLayout layout, BlockHashes sent) {
        this.disk = disk;
        this.layout = layout;
        this.hasher = new BlockHasher(layout.blockSize());
        this.sent = sent;
        this.block = new byte[layout.blockSize()];
        this.io = ByteBuffer.allocateDirect(layout.blockSize() + DIRECT_ALIGNMENT).alignedSlice(DIRECT_ALIGNMENT);
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
        if (run == null) {
            run = ByteBuffer.allocateDirect(ProtocolLimits.MAX_DATA_BYTES + DIRECT_ALIGNMENT).alignedSlice(DIRECT_ALIGNMENT);
        }
        int changes = 0;
        long changedBytes = 0;
        scannedBytes = 0;
        int count = extents.blockCount();
        int extent = written.nextSetBit(0);
        while (extent >= 0 && extent < count) {
            if (control.shouldAbandon()) {
                return new ScanPass(false, changes, changedBytes);
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
            DataChange change = readChange(start, Math.toIntExact(stop - start));
            if (change != null) {
                sink.accept(change);
                sent.set(change.firstBlock(), change.completedHashes());
                changes++;
                changedBytes += change.length();
            }
            scannedBytes = stop;
            extent = (int) ((stop + extents.blockSize() - 1) / extents.blockSize());
            extent = extent >= count ? -1 : written.nextSetBit(extent);
        }
        return new ScanPass(true, changes, changedBytes);
    }

    /** Reads {@code [start, start + length)}; null when it covers only whole blocks, all unchanged. */
    private DataChange readChange(long start, int length) throws IOException {
        run.clear().limit(length);
        while (run.hasRemaining()) {
            if (disk.read(run, start + run.position()) < 0) {
                throw new EOFException("the disk ends at " + (start + run.position())
                        + " bytes, before its registered size of " + layout.diskSizeBytes());
            }
        }
        byte[] data = new byte[length];
        run.flip().get(data);
        int firstBlock = (int) (start / layout.blockSize());
        int lastBlock = (int) ((start + length - 1) / layout.blockSize());
        long[] hashes = new long[lastBlock - firstBlock + 1];
        boolean unchanged = true;
        for (int index = firstBlock; index <= lastBlock; index++) {
            long blockStart = layout.offset(index);
            int blockLength = layout.length(index);
            long hash = BlockHasher.UNKNOWN;
            if (blockStart >= start && blockStart + blockLength <= start + length) {
                hash = hasher.hash(data, (int) (blockStart - start), blockLength);
            }
            hashes[index - firstBlock] = hash;
            unchanged &= hash != BlockHasher.UNKNOWN && hash == sent.get(index);
        }
        return unchanged ? null : new DataChange(start, data, firstBlock, hashes.length, hashes);
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
