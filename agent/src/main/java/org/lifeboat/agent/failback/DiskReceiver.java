package org.lifeboat.agent.failback;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

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
     * Requests in flight at once: each costs the server a lookup and a storage read before its first byte, so
     * scattered single blocks one after the other spent most of their time waiting (bench/failback).
     */
    static final int PARALLEL = 4;

    /** What a receive did: blocks compared and differing, bytes of disk data downloaded, in so many requests. */
    public record Outcome(int comparedBlocks, int differingBlocks, long downloadedBytes, int requests) {
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
        List<long[]> ranges = ranges(compared.differing(), layout);
        ExecutorService downloads = Executors.newFixedThreadPool(PARALLEL, runnable -> {
            Thread thread = new Thread(runnable, "lifeboat-receive");
            thread.setDaemon(true);
            return thread;
        });
        long downloaded = 0;
        try {
            List<Future<Integer>> done = new ArrayList<>();
            for (long[] range : ranges) {
                done.add(downloads.submit(() -> download(disk, point, range[0], (int) range[1])));
            }
            for (Future<Integer> each : done) {
                downloaded += each.get();
            }
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            if (e.getCause() instanceof ServerApiException api) {
                throw api;
            }
            throw new IOException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } finally {
            downloads.shutdownNow();
        }
        disk.force(true); // the disk is the point's only once it is durable
        return new Outcome(compared.comparedBlocks(), compared.differingBlocks(), downloaded, ranges.size());
    }

    /** Offset and length of each request: the runs of differing blocks, cut at {@link #MAX_RANGE}. */
    private static List<long[]> ranges(BitSet differing, BlockLayout layout) {
        List<long[]> ranges = new ArrayList<>();
        int blocksPerRange = Math.max(1, MAX_RANGE / layout.blockSize());
        for (int first = differing.nextSetBit(0); first >= 0; first = differing.nextSetBit(differing.nextClearBit(first))) {
            int end = differing.nextClearBit(first);
            for (int from = first; from < end; from += blocksPerRange) {
                int to = Math.min(end, from + blocksPerRange);
                long offset = layout.offset(from);
                ranges.add(new long[] {offset, layout.offset(to - 1) + layout.length(to - 1) - offset});
            }
        }
        return ranges;
    }

    private static int download(FileChannel disk, RecoveryPointSource point, long offset, int length)
            throws IOException, ServerApiException {
        byte[] buffer = new byte[length];
        try (InputStream in = point.read(offset, length)) {
            int read = in.readNBytes(buffer, 0, length);
            if (read < length) {
                throw new EOFException("the server sent " + read + " of " + length + " bytes at " + offset);
            }
        }
        ByteBuffer data = ByteBuffer.wrap(buffer);
        while (data.hasRemaining()) {
            disk.write(data, offset + data.position()); // positional: the requests write side by side
        }
        return length;
    }
}
