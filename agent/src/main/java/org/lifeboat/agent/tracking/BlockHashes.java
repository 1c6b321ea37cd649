package org.lifeboat.agent.tracking;

import java.util.Arrays;

/**
 * One hash per block of a disk: what the agent last sent of each block, or what the server
 * has acknowledged of it.
 */
public final class BlockHashes {

    private final long[] hashes;

    private BlockHashes(long[] hashes) {
        this.hashes = hashes;
    }

    /** What a new seed disk holds: zeros everywhere. */
    public static BlockHashes zeros(BlockLayout layout) {
        BlockHasher hasher = new BlockHasher(layout.blockSize());
        long[] hashes = new long[layout.blockCount()];
        Arrays.fill(hashes, hasher.zeroHash(layout.blockSize()));
        int last = hashes.length - 1;
        hashes[last] = hasher.zeroHash(layout.length(last));
        return new BlockHashes(hashes);
    }

    /** Nothing known of any block: every block is sent, zeros included. */
    public static BlockHashes unknown(BlockLayout layout) {
        return new BlockHashes(new long[layout.blockCount()]);
    }

    public static BlockHashes of(long[] hashes) {
        return new BlockHashes(hashes.clone());
    }

    public long get(int block) {
        return hashes[block];
    }

    /** Sets the hashes of consecutive blocks starting at {@code firstBlock}. */
    public void set(int firstBlock, long[] blockHashes) {
        System.arraycopy(blockHashes, 0, hashes, firstBlock, blockHashes.length);
    }

    public void markUnknown(int firstBlock, int count) {
        Arrays.fill(hashes, firstBlock, firstBlock + count, BlockHasher.UNKNOWN);
    }

    /** Bytes of the blocks whose hash is unknown: what a full compare sends whole. */
    public long unknownBytes(BlockLayout layout) {
        return unknownBytes(layout, hashes);
    }

    public static long unknownBytes(BlockLayout layout, long[] hashes) {
        long bytes = 0;
        for (int block = 0; block < hashes.length; block++) {
            if (hashes[block] == BlockHasher.UNKNOWN) {
                bytes += layout.length(block);
            }
        }
        return bytes;
    }

    public long[] toArray() {
        return hashes.clone();
    }

    public BlockHashes copy() {
        return new BlockHashes(hashes.clone());
    }
}
