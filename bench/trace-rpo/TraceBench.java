import java.lang.management.ManagementFactory;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collections;
import java.util.List;

import com.sun.management.OperatingSystemMXBean;
import com.sun.nio.file.ExtendedOpenOption;
import org.lifeboat.agent.tracking.BlockHashes;
import org.lifeboat.agent.tracking.BlockLayout;
import org.lifeboat.agent.tracking.DiskScanner;
import org.lifeboat.agent.tracking.HashRefresh;
import org.lifeboat.agent.tracking.ScanPass;
import org.lifeboat.agent.tracking.trace.DirtyBlocks;
import org.lifeboat.agent.tracking.trace.TraceSession;
import org.lifeboat.agent.tracking.trace.TraceSettings;

/**
 * The change-finding half of RPO on one loop device while fio writes to it, one phase after the other
 * in the same run: how long a pass takes to find and read what changed (the delay a write waits before
 * it can be sent), the disk read bytes it causes per byte written (from the device's own counters in
 * /sys/block/loopN/stat, so every read counts, the agent's and nobody else's: fio only writes), and its
 * CPU-seconds per GB written. Phases:
 * <ul>
 * <li>{@code coarse}: trace, 64 KiB dirty blocks compared and read whole (the tracker before 4 KiB extents);</li>
 * <li>{@code fine}: trace, 4 KiB dirty extents read and sent as they are, {@link DiskScanner#READERS} runs read
 * at once (the agent's tracker now);</li>
 * <li>{@code fine1}: the same, one read at a time (the tracker before parallel reads);</li>
 * <li>{@code reads} and {@code reads1}: the read stage alone, no trace: passes over 30,000 random 4 KiB extents
 * (a new set each pass), with {@link DiskScanner#READERS} reads at once and with one;</li>
 * <li>{@code gap}: a full compare (every hash known), {@code fine} passes for the phase's time, then the full
 * compare a gap would cause: what it re-sends (the blocks the passes sent in part);</li>
 * <li>{@code gap-norefresh} and {@code gap-refresh}: as {@code gap}, but the passes go on for {@code QUIET} seconds
 * (environment, default 30) after the phase's time, in which fio writes random 4 KiB blocks at {@code GAP_RATE}
 * (environment, default 5m; the bench starts it once the trace runs and stops timing the writes when it ends), driven as the
 * agent drives them, with its {@link HashRefresh} (16 MiB/s, half of each 1 s pause) or without; then the gap's
 * full compare. Read per byte written is printed for the writing time alone (what the refresh adds under steady
 * writes) and for the whole phase;</li>
 * <li>{@code scan}: back-to-back full passes of the scanner (the baseline);</li>
 * <li>{@code scan-once}: one full pass, cut at the phase's time (its rate then gives the whole pass's time).</li>
 * </ul>
 * Trace passes come 1 s apart, the agent's default pass pause. Run by run.sh; not a test.
 * Usage: java -cp lifeboat-agent.jar TraceBench.java DEVICE SECONDS PHASE...
 */
public class TraceBench {

    private static final OperatingSystemMXBean OS = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    public static void main(String[] args) throws Exception {
        Path device = Path.of(args[0]);
        long seconds = Long.parseLong(args[1]);
        Path stat = Path.of("/sys/block").resolve(device.getFileName()).resolve("stat");
        try (FileChannel disk = FileChannel.open(device, StandardOpenOption.READ, ExtendedOpenOption.DIRECT)) {
            long size = disk.size();
            BlockLayout layout = BlockLayout.forDisk(size);
            System.out.printf("disk %d MiB, %d s a phase, load average %s%n", size >> 20, seconds,
                    Files.readString(Path.of("/proc/loadavg")).trim());
            for (int i = 2; i < args.length; i++) {
                String phase = args[i];
                // what was sent is unknown: every dirty block is sent, which costs the same reads as a compare
                DiskScanner scanner = new DiskScanner(disk, layout, BlockHashes.unknown(layout),
                        phase.endsWith("1") ? 1 : DiskScanner.READERS);
                long[] before = counters(stat);
                long cpu0 = OS.getProcessCpuTime();
                long start = System.nanoTime();
                Result result = switch (phase) {
                    case "coarse" -> trace(device, stat, scanner, layout, layout, seconds);
                    case "fine", "fine1" -> trace(device, stat, scanner, layout, BlockLayout.forTracedWrites(size), seconds);
                    case "gap" -> gap(device, stat, scanner, layout, BlockLayout.forTracedWrites(size), seconds);
                    case "gap-norefresh", "gap-refresh" -> gapAfterQuiet(device, stat, scanner,
                            BlockLayout.forTracedWrites(size), seconds, phase.equals("gap-refresh"));
                    case "reads", "reads1" -> reads(scanner, BlockLayout.forTracedWrites(size), seconds);
                    case "scan" -> scan(scanner, seconds);
                    case "scan-once" -> scanOnce(scanner, layout, seconds);
                    default -> throw new IllegalArgumentException("phase " + phase);
                };
                double wall = (System.nanoTime() - start) / 1e9;
                double cpu = (OS.getProcessCpuTime() - cpu0) / 1e9;
                long[] after = counters(stat);
                long read = (after[0] - before[0]) * 512;
                long written = (after[1] - before[1]) * 512;
                System.out.printf("  %-9s %3d passes, pass p50 %,7d ms p99 %,7d ms max %,7d ms | written %,6.1f MB "
                                + "(%,5.1f MB/s) read %,9.1f MB sent %,9.1f MB: read/written %6.2f | CPU %6.2f s "
                                + "(%5.1f %% of a core), %6.1f CPU-s per GB written | %s%s%n",
                        phase, result.passMs.size(), pct(result.passMs, 50), pct(result.passMs, 99),
                        pct(result.passMs, 100), written / 1e6, written / 1e6 / wall, read / 1e6, result.sent / 1e6,
                        written == 0 ? 0.0 : (double) read / written, cpu, cpu * 100 / wall,
                        written == 0 ? 0.0 : cpu / (written / 1e9), result.note, result.covered < 0 ? ""
                                : String.format(" | read per byte written up to the last marker %.3f",
                                        (double) read / result.covered));
            }
            System.out.printf("  load average after: %s%n", Files.readString(Path.of("/proc/loadavg")).trim());
        }
    }

    /** @param covered bytes written that the passes were due to read (up to the last pass's marker), or -1 */
    record Result(List<Long> passMs, long sent, long covered, String note) {
    }

    private static Result trace(Path device, Path stat, DiskScanner scanner, BlockLayout layout, BlockLayout marked,
                                long seconds) throws Exception {
        DirtyBlocks dirty = new DirtyBlocks(marked);
        List<Long> passMs = new ArrayList<>();
        List<Long> drainMs = new ArrayList<>();
        long sent = 0;
        long gaps = 0;
        long dirtyMarks = 0;
        System.gc();
        long heap0 = used();
        long writtenAtOpen = counters(stat)[1];
        long writtenAtMarker = writtenAtOpen;
        try (TraceSession trace = TraceSession.open(TraceSettings.DEFAULT, "lifeboat-bench", device, dirty)) {
            long end = System.nanoTime() + seconds * 1_000_000_000L;
            while (System.nanoTime() < end) {
                Thread.sleep(1000);
                long start = System.nanoTime();
                String gap = trace.sync(Duration.ofSeconds(30));
                writtenAtMarker = counters(stat)[1]; // at least every write the marker covers
                BitSet written = dirty.take();
                drainMs.add((System.nanoTime() - start) / 1_000_000);
                dirtyMarks += written.cardinality();
                ScanPass pass;
                if (gap != null) {
                    gaps++;
                    System.out.println("    gap: " + gap);
                    pass = scanner.scan(change -> { }, () -> false); // as the agent: a full compare
                } else if (marked == layout) {
                    pass = scanner.scan(change -> { }, () -> false, written);
                } else {
                    pass = scanner.sendWritten(change -> { }, () -> false, written, marked);
                }
                sent += pass.changedBytes();
                passMs.add((System.nanoTime() - start) / 1_000_000);
            }
        }
        return new Result(passMs, sent, (writtenAtMarker - writtenAtOpen) * 512, String.format("drain to marker p50 %,d ms p99 %,d ms, %,.0f dirty %d KiB bits a pass, "
                + "%d gaps, bitmap %d KiB, heap growth %,d KiB", pct(drainMs, 50), pct(drainMs, 99),
                (double) dirtyMarks / Math.max(1, passMs.size()), marked.blockSize() >> 10, gaps,
                marked.blockCount() / 8 / 1024, (used() - heap0) >> 10));
    }

    private static Result gap(Path device, Path stat, DiskScanner scanner, BlockLayout layout, BlockLayout marked,
                              long seconds) throws Exception {
        scanner.scan(change -> { }, () -> false); // the last full compare: every block's hash is known
        Result churn = trace(device, stat, scanner, layout, marked, seconds);
        long start = System.nanoTime();
        ScanPass compare = scanner.scan(change -> { }, () -> false);
        return new Result(churn.passMs(), churn.sent(), churn.covered(), churn.note() + String.format(" | then a gap's full compare "
                        + "took %,d ms and re-sent %,.1f MB in %,d records: %.1f bytes per byte the passes sent",
                (System.nanoTime() - start) / 1_000_000, compare.changedBytes() / 1e6, compare.changes(),
                (double) compare.changedBytes() / Math.max(1, churn.sent())));
    }

    private static Result gapAfterQuiet(Path device, Path stat, DiskScanner scanner, BlockLayout extents, long seconds,
                                        boolean refreshOn) throws Exception {
        long quiet = Long.parseLong(System.getenv().getOrDefault("QUIET", "30"));
        scanner.scan(change -> { }, () -> false); // the last full compare: every block's hash is known
        HashRefresh refresh = new HashRefresh(scanner, extents, refreshOn ? TraceSettings.DEFAULT.refreshBytesPerSecond() : 0);
        DirtyBlocks dirty = new DirtyBlocks(extents);
        List<Long> passMs = new ArrayList<>();
        long sent = 0;
        long[] open = counters(stat);
        long[] writesEnd = null;
        long refreshAtWritesEnd = 0;
        try (TraceSession trace = TraceSession.open(TraceSettings.DEFAULT, "lifeboat-bench", device, dirty)) {
            // fio starts once the trace runs and the full compare is done, so that writing and quiet time are exact
            Process fio = new ProcessBuilder("fio", "--name=w", "--filename=" + device, "--rw=randwrite", "--bs=4k",
                    "--direct=1", "--rate=" + System.getenv().getOrDefault("GAP_RATE", "5m"), "--runtime=" + seconds,
                    "--time_based", "--output=/dev/null").inheritIO().start();
            long end = Long.MAX_VALUE;
            long passRead = 0;
            while (System.nanoTime() < end) {
                long idle = System.nanoTime();
                refresh.readIdle(passRead, idle + 500_000_000L, () -> false); // as the agent: half the pause at most
                Thread.sleep(Math.max(0, 1000 - (System.nanoTime() - idle) / 1_000_000));
                if (writesEnd == null && !fio.isAlive()) {
                    writesEnd = counters(stat);
                    refreshAtWritesEnd = refresh.readBytes();
                    end = System.nanoTime() + quiet * 1_000_000_000L;
                }
                long start = System.nanoTime();
                refresh.beforeMarker(trace.writesInFlight());
                String gap = trace.sync(Duration.ofSeconds(30));
                BitSet written = dirty.take();
                ScanPass pass;
                if (gap != null) {
                    System.out.println("    gap: " + gap);
                    refresh.gap();
                    pass = scanner.scan(change -> { }, () -> false);
                } else {
                    refresh.atMarker(written);
                    pass = scanner.sendWritten(change -> { }, () -> false, written, extents);
                }
                passRead = pass.changedBytes();
                sent += pass.changedBytes();
                passMs.add((System.nanoTime() - start) / 1_000_000);
            }
        }
        long[] quietEnd = counters(stat);
        long start = System.nanoTime();
        ScanPass compare = scanner.scan(change -> { }, () -> false);
        long writtenBytes = (writesEnd[1] - open[1]) * 512;
        return new Result(passMs, sent, -1, String.format("refresh %s: while writing read/written %.3f (refresh read %,.1f MB"
                        + " of it), then %d s quiet: refresh read %,.1f MB in all, %,d hashes taken, %,d dropped, %,d waiting"
                        + " | then a gap's full compare took %,d ms and re-sent %,.1f MB in %,d records (%.2f per byte the"
                        + " passes sent) | device read in the quiet time %,.1f MB",
                refreshOn ? "on" : "off", writtenBytes == 0 ? 0.0 : (double) (writesEnd[0] - open[0]) * 512 / writtenBytes,
                refreshAtWritesEnd / 1e6, quiet, refresh.readBytes() / 1e6, refresh.taken(), refresh.dropped(),
                refresh.pending(), (System.nanoTime() - start) / 1_000_000, compare.changedBytes() / 1e6,
                compare.changes(), (double) compare.changedBytes() / Math.max(1, sent),
                (quietEnd[0] - writesEnd[0]) * 512 / 1e6));
    }

    private static Result reads(DiskScanner scanner, BlockLayout extents, long seconds) throws Exception {
        java.util.Random random = new java.util.Random(7);
        List<Long> passMs = new ArrayList<>();
        long sent = 0;
        long runs = 0;
        long begin = System.nanoTime();
        long end = begin + seconds * 1_000_000_000L;
        while (System.nanoTime() < end) {
            BitSet written = new BitSet(extents.blockCount());
            while (written.cardinality() < 30_000) {
                written.set(random.nextInt(extents.blockCount()));
            }
            long start = System.nanoTime();
            ScanPass pass = scanner.sendWritten(change -> { }, () -> false, written, extents);
            passMs.add((System.nanoTime() - start) / 1_000_000);
            sent += pass.changedBytes();
            runs += pass.changes();
        }
        double wall = (System.nanoTime() - begin) / 1e9;
        return new Result(passMs, sent, -1, String.format("%,.0f reads a second (%,d runs)", runs / wall, runs));
    }

    private static Result scan(DiskScanner scanner, long seconds) throws Exception {
        List<Long> passMs = new ArrayList<>();
        long sent = 0;
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        while (System.nanoTime() < end) {
            long start = System.nanoTime();
            sent += scanner.scan(change -> { }, () -> false).changedBytes();
            passMs.add((System.nanoTime() - start) / 1_000_000);
        }
        return new Result(passMs, sent, -1, "back to back");
    }

    private static Result scanOnce(DiskScanner scanner, BlockLayout layout, long seconds) throws Exception {
        long start = System.nanoTime();
        long end = start + seconds * 1_000_000_000L;
        ScanPass pass = scanner.scan(change -> { }, () -> System.nanoTime() > end);
        long ms = (System.nanoTime() - start) / 1_000_000;
        long scanned = pass.complete() ? layout.diskSizeBytes() : scanner.scannedBytes();
        String note = pass.complete() ? "one whole pass"
                : String.format("cut after %,d ms at %,d of %,d MiB: the whole pass would take %,d s at this rate",
                        ms, scanned >> 20, layout.diskSizeBytes() >> 20, (long) (ms / 1000.0 * layout.diskSizeBytes() / scanned));
        return new Result(List.of(ms), pass.changedBytes(), -1, note);
    }

    /** Sectors read and written by the device so far (fields 3 and 7 of its block stat). */
    private static long[] counters(Path stat) throws Exception {
        String[] fields = Files.readString(stat).trim().split("\\s+");
        return new long[] {Long.parseLong(fields[2]), Long.parseLong(fields[6])};
    }

    private static long used() {
        Runtime runtime = Runtime.getRuntime();
        return runtime.totalMemory() - runtime.freeMemory();
    }

    private static long pct(List<Long> values, int p) {
        if (values.isEmpty()) {
            return 0;
        }
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1)));
    }
}
