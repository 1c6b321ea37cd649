package org.lifeboat.agent.tracking;

import net.jpountz.xxhash.XXHash64;
import net.jpountz.xxhash.XXHashFactory;

/**
 * Fingerprints disk blocks with XXHash64.
 * <p>
 * Why not CRC32: a disk has up to a million blocks and is rescanned every few seconds for
 * years, and an equal fingerprint means "unchanged, not sent". With 32 bits, one change in
 * about four billion goes unnoticed, which a busy disk reaches within days, and CRC is linear,
 * so structured changes (the same XOR pattern applied twice) collide far more often than that.
 * A missed change silently corrupts the replica. With 64 bits the odds are 2^-64 per changed
 * block, and XXHash64 runs faster than the disk can be read, so it costs nothing extra.
 */
public final class BlockHasher {

    /**
     * Marks a block whose content on the server is not known, so it is sent whatever it holds.
     * A block whose real hash equals this value (odds 2^-64) would pass for unchanged once; the
     * same odds as any other collision.
     */
    public static final long UNKNOWN = 0L;

    /** Fixed forever: hashes are persisted and compared across agent versions. */
    private static final long SEED = 0x4C696665626F6174L;

    // The pure-Java implementation: the native one unpacks a library into /tmp and loads it.
    private static final XXHash64 XXHASH = XXHashFactory.fastestJavaInstance().hash64();

    private final int blockSize;
    private final long zeroBlockHash;

    public BlockHasher(int blockSize) {
        this.blockSize = blockSize;
        this.zeroBlockHash = hashOfZeros(blockSize);
    }

    public long hash(byte[] data, int offset, int length) {
        return XXHASH.hash(data, offset, length, SEED);
    }

    /** The hash of an all-zero block of this length: what the server's new seed disk holds. */
    public long zeroHash(int length) {
        return length == blockSize ? zeroBlockHash : hashOfZeros(length);
    }

    private long hashOfZeros(int length) {
        return hash(new byte[length], 0, length);
    }
}
