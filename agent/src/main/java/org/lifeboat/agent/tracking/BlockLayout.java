package org.lifeboat.agent.tracking;

import org.lifeboat.protocol.ProtocolLimits;

/**
 * How a disk is cut into the blocks the scan tracker hashes: 64 KiB blocks up to 64 GiB, and
 * a larger power of two beyond, so that a disk never has more than {@link #MAX_BLOCKS} blocks
 * and its hash maps stay at 8 MiB each. Only the last block may be shorter (a whole number of
 * sectors).
 */
public record BlockLayout(long diskSizeBytes, int blockSize) {

    public static final int MIN_BLOCK_SIZE = 64 * 1024;
    public static final int MAX_BLOCKS = 1 << 20;

    public BlockLayout {
        if (diskSizeBytes <= 0 || diskSizeBytes % ProtocolLimits.SECTOR != 0) {
            throw new IllegalArgumentException("disk size " + diskSizeBytes + " is not a positive multiple of "
                    + ProtocolLimits.SECTOR);
        }
        if (blockSize < ProtocolLimits.SECTOR || Integer.bitCount(blockSize) != 1) {
            throw new IllegalArgumentException("block size " + blockSize + " is not a power of two of whole sectors");
        }
    }

    /** The smallest extent a traced write marks dirty: a page, the unit random writes come in (and O_DIRECT's alignment). */
    public static final int MIN_EXTENT_SIZE = Math.max(4096, ProtocolLimits.SECTOR);
    /** At most 2^25 extents: a 4 MiB bitmap, 4 KiB extents up to 128 GiB, coarser beyond (64 KiB at 2 TiB). */
    public static final int MAX_EXTENTS = 1 << 25;

    public static BlockLayout forDisk(long diskSizeBytes) {
        return forDisk(diskSizeBytes, MIN_BLOCK_SIZE, MAX_BLOCKS);
    }

    /**
     * How the trace tracker cuts a disk into the extents it marks dirty and reads: finer than the
     * scanner's hashed blocks, so a random 4 KiB write is read and sent as 4 KiB, not 64 KiB.
     */
    public static BlockLayout forTracedWrites(long diskSizeBytes) {
        return forDisk(diskSizeBytes, MIN_EXTENT_SIZE, MAX_EXTENTS);
    }

    /** The smallest power-of-two block from {@code minBlockSize} up that cuts the disk into at most {@code maxBlocks}. */
    public static BlockLayout forDisk(long diskSizeBytes, int minBlockSize, int maxBlocks) {
        long blockSize = minBlockSize;
        while (ceilDiv(diskSizeBytes, blockSize) > maxBlocks) {
            blockSize <<= 1;
        }
        return new BlockLayout(diskSizeBytes, Math.toIntExact(blockSize));
    }

    public int blockCount() {
        return Math.toIntExact(ceilDiv(diskSizeBytes, blockSize));
    }

    public long offset(int block) {
        return (long) block * blockSize;
    }

    public int length(int block) {
        return (int) Math.min(blockSize, diskSizeBytes - offset(block));
    }

    private static long ceilDiv(long dividend, long divisor) {
        return (dividend + divisor - 1) / divisor;
    }
}
