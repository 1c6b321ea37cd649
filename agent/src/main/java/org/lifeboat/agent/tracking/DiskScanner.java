package org.lifeboat.agent.tracking;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.BitSet;

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
