package org.lifeboat.agent.profile;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

import org.lifeboat.agent.tracking.BlockLayout;
import org.lifeboat.agent.tracking.trace.CompletedWrites;
import org.lifeboat.agent.tracking.trace.DirtyBlocks;
import org.lifeboat.protocol.ProtocolLimits;

/**
 * One disk's writes as the profiler counts them, in bounded memory whatever the rate: bytes per
 * minute (one counter a minute of the profile), a {@link WriteSizes} histogram, and the blocks
 * touched in a bitmap of 4 KiB blocks (larger beyond 128 GiB, so at most 4 MiB of bits). Thread-safe:
 * the trace reader counts, the profiler reads.
 */
final class DiskChurn implements CompletedWrites {

    static final int TOUCH_BLOCK = 4096;
    static final int MAX_TOUCH_BLOCKS = 1 << 25;

    private final Path disk;
    private final long sizeBytes;
    private final LongSupplier nanoClock;
    private final long startNanos;
    private final long[] bytesPerMinute;
    private final WriteSizes sizes = new WriteSizes();
    private final BlockLayout touchLayout;
    private final DirtyBlocks touched;
    private final Map<String, Integer> gaps = new LinkedHashMap<>();
    private long writes;
    private long bytes;

    /**
     * @param minutes    minutes the profile may last (a write counted later counts in the last minute)
     * @param nanoClock  {@link System#nanoTime} outside tests
     */
    DiskChurn(Path disk, long sizeBytes, int minutes, LongSupplier nanoClock) {
        this.disk = disk;
        this.sizeBytes = sizeBytes;
        this.nanoClock = nanoClock;
        this.startNanos = nanoClock.getAsLong();
        this.bytesPerMinute = new long[Math.max(1, minutes)];
        this.touchLayout = BlockLayout.forDisk(sizeBytes, TOUCH_BLOCK, MAX_TOUCH_BLOCKS);
        this.touched = new DirtyBlocks(touchLayout);
    }

    /** A completed write; one outside the disk (another partition of the same disk) is not this disk's. */
    @Override
    public synchronized void written(long sector, long sectors) {
        long length = sectors * ProtocolLimits.SECTOR;
        if (sector < 0 || sectors <= 0 || sector * ProtocolLimits.SECTOR >= sizeBytes) {
            return;
        }
        int minute = (int) Math.min(bytesPerMinute.length - 1, (nanoClock.getAsLong() - startNanos) / 60_000_000_000L);
        bytesPerMinute[minute] += length;
        bytes += length;
        writes++;
        sizes.record(length);
        touched.markSectors(sector, sectors);
    }

    /** A reason the trace may have missed writes: the figures are then a lower bound. */
    synchronized void gap(String reason) {
        gaps.merge(reason, 1, Integer::sum);
    }

    /** The figures so far, over {@code elapsedSeconds} since the start. */
    synchronized DiskProfile profile(double elapsedSeconds) {
        int minutes = (int) Math.min(bytesPerMinute.length, Math.max(1, Math.ceil(elapsedSeconds / 60)));
        long[] measured = Arrays.copyOf(bytesPerMinute, minutes);
        for (int late = minutes; late < bytesPerMinute.length; late++) {
            measured[minutes - 1] += bytesPerMinute[late]; // completed while the profile was closing
        }
        MinuteRates rates = MinuteRates.of(measured, elapsedSeconds);
        BitSet taken = touched.take();
        touched.restore(taken); // a report so far (Ctrl-C, or a test) leaves the count going
        long touchedBlocks = taken.cardinality();
        return new DiskProfile(disk.toString(), sizeBytes, writes, bytes, rates.averageBytesPerSecond(),
                rates.peakBytesPerSecond(), Arrays.stream(measured).boxed().toList(), sizes.counts(),
                touchedBlocks, touchLayout.blockSize(), touchLayout.blockCount(),
                gaps.entrySet().stream().map(e -> e.getValue() > 1 ? e.getKey() + " (" + e.getValue() + " times)"
                        : e.getKey()).toList());
    }

}
