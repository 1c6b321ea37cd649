package org.lifeboat.agent.replication;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.BitSet;

import org.lifeboat.agent.tracking.BlockHasher;
import org.lifeboat.agent.tracking.BlockLayout;

/**
 * Compares a disk with the server's checksums of its seed disk, block by block, with the scan
 * tracker's own hash: the blocks that differ are those the server does not hold as the disk does. A resync
 * sends them; a master target (failback) downloads them from the recovery point.
 */
public final class ResyncComparison {

    /** What a comparison found: blocks compared, and which differed. */
    public record Result(int comparedBlocks, BitSet differing) {

        public int differingBlocks() {
            return differing.cardinality();
        }
    }

    private ResyncComparison() {
    }

    /**
     * @param checksums one 8-byte big-endian hash per block of {@code layout}, in block order
     * @throws IOException if the disk cannot be read or the checksums end early
     */
    public static Result compare(FileChannel disk, BlockLayout layout, InputStream checksums) throws IOException {
        DataInputStream server = new DataInputStream(checksums);
        BlockHasher hasher = new BlockHasher(layout.blockSize());
        byte[] block = new byte[layout.blockSize()];
        BitSet differing = new BitSet(layout.blockCount());
        for (int index = 0; index < layout.blockCount(); index++) {
            long serverHash;
            try {
                serverHash = server.readLong();
            } catch (EOFException e) {
                throw new EOFException("the server's checksums end at block " + index + " of " + layout.blockCount());
            }
            int length = layout.length(index);
            read(disk, layout.offset(index), block, length);
            if (hasher.hash(block, 0, length) != serverHash) {
                differing.set(index);
            }
        }
        return new Result(layout.blockCount(), differing);
    }

    private static void read(FileChannel disk, long offset, byte[] block, int length) throws IOException {
        ByteBuffer buffer = ByteBuffer.wrap(block, 0, length);
        while (buffer.hasRemaining()) {
            if (disk.read(buffer, offset + buffer.position()) < 0) {
                throw new EOFException("the disk ends at " + (offset + buffer.position()) + " bytes");
            }
        }
    }
}
