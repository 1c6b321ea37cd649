package org.lifeboat.agent.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.json.JsonObject;

import org.junit.jupiter.api.Test;
import org.lifeboat.protocol.sizing.ChurnLimits;

/** The profiler's arithmetic: histogram buckets, per-minute rates, touched share, the report. */
class ChurnCountingTest {

    private static final long MB = ChurnLimits.MB;

    private final AtomicLong now = new AtomicLong(1_000);

    @Test
    void writeSizesCountInTheirPowerOfTwoBucket() {
        assertEquals(0, WriteSizes.bucket(512));
        assertEquals(0, WriteSizes.bucket(1023));
        assertEquals(3, WriteSizes.bucket(4096));
        assertEquals(3, WriteSizes.bucket(8191));
        assertEquals(4, WriteSizes.bucket(8192));
        assertEquals(11, WriteSizes.bucket(1 << 20));
        assertEquals(11, WriteSizes.bucket(64L << 20), "1 MiB and more share the last bucket");
        WriteSizes sizes = new WriteSizes();
        sizes.record(4096);
        sizes.record(4096);
        sizes.record(65536);
        assertEquals(2L, sizes.counts().get(4096L));
        assertEquals(1L, sizes.counts().get(65536L));
        assertEquals(12, sizes.counts().size(), "every bucket is reported");
    }

    @Test
    void thePeakIsTheBusiestMinuteAndAShortTrailingMinuteDoesNotCount() {
        // 3 full minutes and 10 s: 60, 600 and 120 MB, then 100 MB in the last 10 s
        MinuteRates rates = MinuteRates.of(new long[] {60 * MB, 600 * MB, 120 * MB, 100 * MB}, 190);
        assertEquals(10 * MB, rates.peakBytesPerSecond());
        assertEquals(Math.round(880.0 * MB / 190), rates.averageBytesPerSecond());
        // a profile shorter than a minute: its one partial minute is the peak
        assertEquals(5 * MB, MinuteRates.of(new long[] {50 * MB}, 10).peakBytesPerSecond());
        // a trailing minute of 40 s counts at its own length
        assertEquals(2 * MB, MinuteRates.of(new long[] {60 * MB, 80 * MB}, 100).peakBytesPerSecond());
    }

    @Test
    void aDiskCountsWritesBytesSizesAndDistinctBlocksPerMinute() {
        DiskChurn churn = new DiskChurn(Path.of("/dev/test"), 64L << 20, 3, now::get);
        churn.written(0, 8);       // 4 KiB at 0
        churn.written(0, 8);       // the same block again: written twice, touched once
        churn.written(16, 128);    // 64 KiB at 8 KiB: 16 blocks
        now.addAndGet(61_000_000_000L);
        churn.written(131064, 8);  // the last 4 KiB of the disk, in the second minute
        churn.written(131072, 8);  // past the end: another partition's write, not this disk's
        churn.written(-8, 8);      // before the start (a partition's neighbour)
        DiskProfile profile = churn.profile(90);

        assertEquals(4, profile.writes());
        assertEquals(3 * 4096 + 65536, profile.bytesWritten());
        assertEquals(List.of(2L * 4096 + 65536, 4096L), profile.bytesPerMinute());
        assertEquals(18, profile.touchedBlocks());
        assertEquals(16384, profile.diskBlocks());
        assertEquals(4096, profile.blockBytes());
        assertEquals(18.0 / 16384, profile.touchedShare(), 1e-12);
        assertEquals(3L, profile.writeSizes().get(4096L));
        assertEquals(1L, profile.writeSizes().get(65536L));
        assertEquals(Math.round((2.0 * 4096 + 65536) / 60), profile.peakBytesPerSecond());
        assertEquals(18, churn.profile(90).touchedBlocks(), "a report so far leaves the count going");
    }

    @Test
    void aLargeDiskGetsLargerTouchBlocksWithinTheBitmapBound() {
        DiskChurn churn = new DiskChurn(Path.of("/dev/big"), 2L << 40, 1, now::get);
        DiskProfile profile = churn.profile(10);
        assertEquals(64 * 1024, profile.blockBytes(), "2 TiB in at most 2^25 blocks");
        assertTrue(profile.diskBlocks() <= DiskChurn.MAX_TOUCH_BLOCKS);
    }

    @Test
    void gapsAreReportedOnceWithTheirCount() {
        DiskChurn churn = new DiskChurn(Path.of("/dev/test"), 1L << 20, 1, now::get);
        churn.gap("3 trace events were lost (ring buffer overrun)");
        churn.gap("3 trace events were lost (ring buffer overrun)");
        assertEquals(List.of("3 trace events were lost (ring buffer overrun) (2 times)"), churn.profile(10).gaps());
    }

    @Test
    void theReportAddsDisksUpMinuteByMinuteAndJudgesEachDisk() {
        DiskProfile busy = disk("/dev/sda", List.of(1200 * MB, 60 * MB), 1260 * MB);
        DiskProfile quiet = disk("/dev/sdb", List.of(0L, 600 * MB), 600 * MB);
        ChurnReport report = new ChurnReport("db1", Instant.parse("2026-12-02T10:00:00Z"), 120, false,
                List.of(busy, quiet), 0, ChurnLimits.ASR);
        assertEquals(20 * MB, report.machineRates().peakBytesPerSecond(), "not 20 + 10: the peaks were apart");

        JsonObject json = report.toJson();
        assertEquals("db1", json.getString("machine"));
        assertEquals(20 * MB, json.getJsonNumber("peakBytesPerSecond").longValue());
        assertEquals("PREMIUM", json.getJsonArray("disks").getJsonObject(0).getString("fit"));
        assertEquals("STANDARD", json.getJsonArray("disks").getJsonObject(1).getString("fit"));
        assertEquals(1, json.getJsonObject("sizing").getInt("processServers"));
        assertEquals(20 * MB * 3600, json.getJsonObject("sizing").getJsonNumber("cacheBytes").longValue());

        StringWriter text = new StringWriter();
        report.printText(new PrintWriter(text));
        assertTrue(text.toString().contains("verdict: fits only a premium target disk"), text.toString());
        assertTrue(text.toString().contains("Needs: 1 process server(s)"), text.toString());
    }

    @Test
    void durationsAreReadAsTypedAndOutOfRangeOnesRefused() {
        assertEquals(Duration.ofHours(1), ProfileDuration.parse("1h"));
        assertEquals(Duration.ofMinutes(90), ProfileDuration.parse("1h30m"));
        assertEquals(Duration.ofSeconds(10), ProfileDuration.parse("10s"));
        assertEquals(Duration.ofDays(2), ProfileDuration.parse("2d"));
        assertEquals(Duration.ofMinutes(5), ProfileDuration.parse("PT5M"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ProfileDuration.parse("5s")).getMessage()
                .contains("from 10s to 7d"));
        assertThrows(IllegalArgumentException.class, () -> ProfileDuration.parse("8d"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ProfileDuration.parse("an hour")).getMessage()
                .contains("not a duration"));
        assertThrows(IllegalArgumentException.class, () -> ProfileDuration.parse("1h 30m"));
        assertThrows(IllegalArgumentException.class, () -> ProfileDuration.parse(""));
    }

    private static DiskProfile disk(String name, List<Long> perMinute, long bytes) {
        MinuteRates rates = MinuteRates.of(perMinute.stream().mapToLong(Long::longValue).toArray(), 120);
        return new DiskProfile(name, 1L << 30, 100, bytes, rates.averageBytesPerSecond(), rates.peakBytesPerSecond(),
                perMinute, new WriteSizes().counts(), 10, 4096, 262144, List.of());
    }
}
