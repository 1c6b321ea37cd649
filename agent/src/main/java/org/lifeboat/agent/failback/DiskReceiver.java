package org.lifeboat.agent.failback;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

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

    /** The longest range: runs of differing blocks are cut into pieces of this size at most (the write buffer). */
    static final int MAX_RANGE = 4 << 20;
    /**
     * One request names this many ranges at most, and this many bytes: scattered blocks cost a request per
     * {@value #RANGES_PER_REQUEST} rather than one each (23-43 ms a request on loopback, docs/BENCHMARKS.md), and an
     * interrupted request loses little. Within the server's bounds (1024 ranges, 256 MiB).
     */
    static final int RANGES_PER_REQUEST = 256;
    static final long BYTES_PER_REQUEST = 64L << 20;

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
        List<ImageRange> ranges = ranges(compared.differing(), layout);
        long downloaded = 0;
        int requests = 0;
        byte[] buffer = new byte[MAX_RANGE];
        for (int first = 0; first < ranges.size(); ) {
            int end = first; // this request's ranges: [first, end)
            long bytes = 0;
            while (end < ranges.size() && end - first < RANGES_PER_REQUEST
                    && bytes + ranges.get(end).length() <= BYTES_PER_REQUEST) {
                bytes += ranges.get(end++).length();
            }
            List<ImageRange> batch = ranges.subList(first, end);
            try (InputStream in = point.read(batch)) {
                for (ImageRange range : batch) { // the answer holds the ranges' bytes in order
                    int read = in.readNBytes(buffer, 0, range.length());
                    if (read < range.length()) {
                        throw new EOFException("the server sent " + read + " of " + range.length() + " bytes at "
                                + range.offset());
                    }
                    ByteBuffer data = ByteBuffer.wrap(buffer, 0, range.length());
                    while (data.hasRemaining()) {
                        disk.write(data, range.offset() + data.position());
                    }
                    downloaded += range.length();
                }
            }
            requests++;
            first = end;
        }
        disk.force(true); // the disk is the point's only once it is durable
        return new Outcome(compared.comparedBlocks(), compared.differingBlocks(), downloaded, requests,
                comparedAt - started, System.nanoTime() - comparedAt);
    }

    /** The runs of differing blocks, in order, each cut into pieces of at most {@link #MAX_RANGE}. */
    static List<ImageRange> ranges(BitSet differing, BlockLayout layout) {
        List<ImageRange> ranges = new ArrayList<>();
        int blocksPerRange = Math.max(1, MAX_RANGE / layout.blockSize());
        for (int first = differing.nextSetBit(0); first >= 0; ) {
            int end = differing.nextClearBit(first); // a run of differing blocks
            for (int from = first; from < end; from += blocksPerRange) {
                int to = Math.min(end, from + blocksPerRange);
                long offset = layout.offset(from);
                ranges.add(new ImageRange(offset, Math.toIntExact(layout.offset(to - 1) + layout.length(to - 1)
                        - offset)));
            }
            first = differing.nextSetBit(end);
        }
        return ranges;
    }
}
