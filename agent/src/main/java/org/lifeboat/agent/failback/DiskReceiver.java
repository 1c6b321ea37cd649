package org.lifeboat.agent.failback;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.BitSet;

import org.lifeboat.agent.api.ServerApiException;
import org.lifeboat.agent.replication.ResyncComparison;
import org.lifeboat.agent.tracking.BlockLayout;

/**
 * The master target's work (failback): brings a local disk to a recovery point's content by comparing it
 * block by block with the point's checksums and downloading only the blocks that differ, the resync of the
 * forward direction turned around. On the original disk that is what changed since the failover (on either
 * side); on a new, empty disk (alternate location) it is every block that is not all zeros.
 */
public final class DiskReceiver {

    /** The most one request asks for: runs of differing blocks are fetched in pieces of this size at most. */
    static final int MAX_RANGE = 4 << 20;

    /**
     * What a receive did: blocks compared and differing, bytes of disk data downloaded, in so many requests; how long
     * the comparison took (the server's checksums of the point streamed while the local disk is hashed: the server
     * reads the whole point for them) and the downloads (with their writes and the final flush), to see which
     * dominates.
     */
    public record Outcome(int comparedBlocks, int differingBlocks, long downloadedBytes, int requests,
                          long compareNanos, long downloadNanos) {
    }

    private DiskReceiver() {
    }

    /**
     * @param disk          the local disk, open for reading and writing
     * @param diskSizeBytes its size ({@link org.lifeboat.agent.disk.DiskProbe#sizeOf}: a block device's channel
     *                      says 0); 0 for a new, empty file, which is grown to the point's size
     * @throws IOException if the disk is not the point's size, cannot be read or written, or the server's data
     *                     ends early; the disk is then partly updated and a new receive completes it
     */
    public static Outcome receive(FileChannel disk, long diskSizeBytes, RecoveryPointSource point)
            throws IOException, ServerApiException {
        long started = System.nanoTime();
        BlockLayout layout;
        ResyncComparison.Result compared;
        try (PointChecksums checksums = point.checksums()) {
            layout = new BlockLayout(checksums.diskSizeBytes(), checksums.blockSize());
            if (diskSizeBytes == 0) {
                disk.write(ByteBuffer.allocate(1), layout.diskSizeBytes() - 1); // sparse: zeros read as zeros
            } else if (diskSizeBytes != layout.diskSizeBytes()) {
                throw new IOException("the disk has " + diskSizeBytes + " bytes, the recovery point's disk "
                        + layout.diskSizeBytes() + ": is it the right disk?");
            }
            compared = ResyncComparison.compare(disk, layout, checksums.stream());
        }
        long comparedAt = System.nanoTime();
        BitSet differing = compared.differing();
        long downloaded = 0;
        int requests = 0;
        byte[] buffer = new byte[MAX_RANGE];
        int blocksPerRange = Math.max(1, MAX_RANGE / layout.blockSize());
        for (int first = differing.nextSetBit(0); first >= 0; ) {
            int end = differing.nextClearBit(first); // a run of differing blocks
            for (int from = first; from < end; from += blocksPerRange) {
                int to = Math.min(end, from + blocksPerRange);
                long offset = layout.offset(from);
                int length = Math.toIntExact(layout.offset(to - 1) + layout.length(to - 1) - offset);
                try (InputStream in = point.read(offset, length)) {
                    int read = in.readNBytes(buffer, 0, length);
                    if (read < length) {
                        throw new EOFException("the server sent " + read + " of " + length + " bytes at " + offset);
                    }
                }
                ByteBuffer data = ByteBuffer.wrap(buffer, 0, length);
                while (data.hasRemaining()) {
                    disk.write(data, offset + data.position());
                }
                downloaded += length;
                requests++;
            }
            first = differing.nextSetBit(end);
        }
        disk.force(true); // the disk is the point's only once it is durable
        return new Outcome(compared.comparedBlocks(), compared.differingBlocks(), downloaded, requests,
                comparedAt - started, System.nanoTime() - comparedAt);
    }
}
