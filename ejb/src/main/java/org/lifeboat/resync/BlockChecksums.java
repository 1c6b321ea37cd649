package org.lifeboat.resync;

import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import net.jpountz.xxhash.XXHash64;
import net.jpountz.xxhash.XXHashFactory;

/**
 * Fingerprints of a disk image's blocks, computed exactly as the agent's scan tracker computes them
 * ({@code agent/.../tracking/BlockLayout} and {@code BlockHasher}): XXHash64 with the agent's fixed seed,
 * 64 KiB blocks up to 64 GiB and the next power of two that keeps a disk at 2^20 blocks beyond. Both sides
 * must agree bit for bit, or every block would differ; ResyncIT proves they do.
 * <p>
 * The wire form is 8 bytes per block, big-endian, in block order: 8 MiB at most, streamed.
 */
public final class BlockChecksums {

    public static final int MIN_BLOCK_SIZE = 64 * 1024;
    public static final int MAX_BLOCKS = 1 << 20;
    public static final int BYTES_PER_BLOCK = Long.BYTES;

    /** The agent's seed, fixed forever: "Lifeboat". */
    private static final long SEED = 0x4C696665626F6174L;
    private static final XXHash64 XXHASH = XXHashFactory.fastestJavaInstance().hash64();

    private BlockChecksums() {
    }

    /** The block size the agent uses for a disk of this size. */
    public static int blockSize(long diskSizeBytes) {
        if (diskSizeBytes <= 0) {
            throw new IllegalArgumentException("disk size " + diskSizeBytes + " is not positive");
        }
        long blockSize = MIN_BLOCK_SIZE;
        while (ceilDiv(diskSizeBytes, blockSize) > MAX_BLOCKS) {
            blockSize <<= 1;
        }
        return Math.toIntExact(blockSize);
    }

    public static int blockCount(long diskSizeBytes) {
        return Math.toIntExact(ceilDiv(diskSizeBytes, blockSize(diskSizeBytes)));
    }

    public static long hash(byte[] data, int offset, int length) {
        return XXHASH.hash(data, offset, length, SEED);
    }

    /**
     * Reads a raw image of {@code diskSizeBytes} from {@code image} and writes one checksum per block.
     *
     * @return the number of blocks written
     */
    public static int write(InputStream image, long diskSizeBytes, OutputStream out) throws IOException {
        int blockSize = blockSize(diskSizeBytes);
        int count = blockCount(diskSizeBytes);
        byte[] block = new byte[blockSize];
        DataOutputStream data = new DataOutputStream(out);
        for (int index = 0; index < count; index++) {
            int length = (int) Math.min(blockSize, diskSizeBytes - (long) index * blockSize);
            int read = image.readNBytes(block, 0, length);
            if (read < length) {
                throw new EOFException("the image ends in block " + index + ", before its size of " + diskSizeBytes);
            }
            data.writeLong(hash(block, 0, length));
        }
        data.flush();
        return count;
    }

    private static long ceilDiv(long dividend, long divisor) {
        return (dividend + divisor - 1) / divisor;
    }
}
