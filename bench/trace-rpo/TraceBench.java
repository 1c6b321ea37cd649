import java.lang.management.ManagementFactory;
import java.nio.channels.FileChannel;
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
import org.lifeboat.agent.tracking.trace.DirtyBlocks;
import org.lifeboat.agent.tracking.trace.TraceSession;
import org.lifeboat.agent.tracking.trace.TraceSettings;

/**
 * The change-finding half of RPO, scan versus trace, on one loop device while fio writes to it: how
 * long a pass takes to find and read what changed (the delay a write waits before it can be sent),
 * and what the tracker costs in CPU and memory. Run by run.sh; not a test.
 * Usage: java -cp lifeboat-agent.jar TraceBench.java DEVICE SIZE_BYTES SECONDS
 */
public class TraceBench {

    public static void main(String[] args) throws Exception {
        Path device = Path.of(args[0]);
        long size = Long.parseLong(args[1]);
        long seconds = Long.parseLong(args[2]);
        BlockLayout layout = BlockLayout.forDisk(size);
        OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        try (FileChannel disk = FileChannel.open(device, StandardOpenOption.READ, ExtendedOpenOption.DIRECT)) {
            BlockHashes sent = BlockHashes.unknown(layout);
            DiskScanner scanner = new DiskScanner(disk, layout, sent);
            scanner.scan(change -> { }, () -> false); // what was sent: the disk as it is now

            // trace: a pass every second, as the agent's default pass pause
            DirtyBlocks dirty = new DirtyBlocks(layout);
            List<Long> traceMs = new ArrayList<>();
            long cpu0 = os.getProcessCpuTime();
            long dirtyBlocks = 0;
            long gaps = 0;
            System.gc();
            long heap0 = used();
            try (TraceSession trace = TraceSession.open(TraceSettings.DEFAULT, "lifeboat-bench", device, dirty)) {
                long end = System.nanoTime() + seconds * 1_000_000_000L;
                while (System.nanoTime() < end) {
                    Thread.sleep(1000);
                    long start = System.nanoTime();
                    TraceSession.Drain drain = trace.drain(Duration.ofSeconds(30));
                    BitSet only = drain.dirty();
                    if (drain.gap() != null) {
                        gaps++;
                        only = null;
                    }
                    dirtyBlocks += only == null ? layout.blockCount() : only.cardinality();
                    scanner.scan(change -> { }, () -> false, only);
                    traceMs.add((System.nanoTime() - start) / 1_000_000);
                }
            }
            long traceCpu = os.getProcessCpuTime() - cpu0;
            long heap = used() - heap0;

            // scan: back-to-back full passes for the same time
            List<Long> scanMs = new ArrayList<>();
            cpu0 = os.getProcessCpuTime();
            long end = System.nanoTime() + seconds * 1_000_000_000L;
            while (System.nanoTime() < end) {
                long start = System.nanoTime();
                scanner.scan(change -> { }, () -> false);
                scanMs.add((System.nanoTime() - start) / 1_000_000);
            }
            long scanCpu = os.getProcessCpuTime() - cpu0;
            System.out.printf("disk %d MiB, %d s each:%n", size >> 20, seconds);
            System.out.printf("  trace: %d passes (1 s apart), find+read p50 %d ms p99 %d ms, %.1f dirty blocks/pass, "
                    + "gaps %d, CPU %.2f s (%.1f %% of a core), heap growth %d KiB, bitmap %d KiB%n",
                    traceMs.size(), pct(traceMs, 50), pct(traceMs, 99), (double) dirtyBlocks / traceMs.size(), gaps,
                    traceCpu / 1e9, traceCpu / 1e7 / seconds, heap >> 10, layout.blockCount() / 8 / 1024);
            System.out.printf("  scan:  %d passes (back to back), pass p50 %d ms p99 %d ms, CPU %.2f s (%.1f %% of a core)%n",
                    scanMs.size(), pct(scanMs, 50), pct(scanMs, 99), scanCpu / 1e9, scanCpu / 1e7 / seconds);
        }
    }

    private static long used() {
        Runtime runtime = Runtime.getRuntime();
        return runtime.totalMemory() - runtime.freeMemory();
    }

    private static long pct(List<Long> values, int p) {
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
    }
}
