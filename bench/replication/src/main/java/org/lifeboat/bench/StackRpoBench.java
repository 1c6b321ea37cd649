package org.lifeboat.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.management.Attribute;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import jakarta.json.JsonObject;

/**
 * RPO through the whole stack (agent, process server, journal, seal, apply into Azurite) as the server reports it
 * ({@code GET /protectedItems/{name}}, {@code rpoSeconds}, sampled every second), while fio writes random 4 KiB
 * blocks ({@code --direct=1}) to a sparse loop device at each rate; the agent with the trace tracker
 * ({@code run --tracker auto}: a block device, as root) and, in the same run, with the scanner
 * ({@code run --tracker scan}), one new item and loop device each. Also the device's read bytes per byte written
 * (its own counters in /sys/block/loopN/stat: fio only writes, so every read is the agent's). Root and fio needed.
 * Per phase it also prints each stage's rate from the server's own counters (JMX): records and bytes received and
 * journaled, journal commits (one fsync per batch) and their share of the time, segments sealed, uploaded and applied,
 * the log applier's seed writes (Put Page calls) and their mean size; and, before the trackers, Azurite's own ceiling
 * for 4 KiB Put Page calls into one page blob, one at a time, 8 and 32 in flight.
 * Usage (by run.sh stack-rpo): StackRpoBench [seconds-per-rate [size-GiB [rates...]]] (default 120 1 5m 20m);
 * STACK_RPO_TRACKERS="auto" measures the trace tracker only (default "auto scan"); STACK_RPO_WINDOWS="2 0" measures
 * each rate once per direct-apply window given (seconds, set through JMX before the phase), same run;
 * STACK_RPO_UPLOADS_FIRST="false true" likewise once per setting of the process server's UploadsFirst (the applier
 * pausing for a disk's uploads). Before each phase it waits, up to STACK_RPO_DRAIN seconds (default 180), for the
 * item's RPO to fall to 10 s, so a phase does not start on the previous one's backlog (the wait is printed);
 * STACK_RPO_STOP_P99=60 stops stepping through the rates after the first phase whose p99 passes 60 s (the sustained
 * churn a disk carries).
 */
public final class StackRpoBench {

    private final BenchStack stack;

    private StackRpoBench() throws Exception {
        stack = new BenchStack();
    }

    public static void main(String[] args) throws Exception {
        long seconds = args.length > 0 ? Long.parseLong(args[0]) : 120;
        long gib = args.length > 1 ? Long.parseLong(args[1]) : 1;
        List<String> rates = args.length > 2 ? List.of(args).subList(2, args.length) : List.of("5m", "20m");
        StackRpoBench bench = new StackRpoBench();
        System.out.printf("RPO through the stack: %d GiB sparse loop device, random 4 KiB writes (fio --direct=1), %d s a "
                + "rate, rpoSeconds sampled every second; load average %s%n", gib, seconds, loadAverage());
        bench.putPageCeiling();
        String trackers = System.getenv().getOrDefault("STACK_RPO_TRACKERS", "auto scan");
        for (String tracker : trackers.trim().split("\\s+")) {
            bench.run(tracker, gib, seconds, rates);
        }
        System.out.printf("load average after: %s%n", loadAverage());
    }

    private void run(String tracker, long gib, long seconds, List<String> rates) throws Exception {
        Path image = stack.work.resolve("stack-rpo-" + tracker + ".img");
        BenchStack.run(List.of("truncate", "-s", gib + "G", image.toString()));
        String loop = BenchStack.run(List.of("losetup", "-f", "--show", image.toString())).strip();
        if (!loop.startsWith("/dev/loop")) {
            throw new IllegalStateException("losetup: " + loop);
        }
        Process agent = null;
        try {
            String item = "stack-rpo-" + tracker + "-" + System.currentTimeMillis();
            Path state = stack.protect(item, Path.of(loop));
            agent = stack.startAgent(state, "512m", List.of("--tracker", tracker));
            Instant started = Instant.now();
            stack.waitForPoint(item, stack.bookmark(state));
            String status = BenchStack.run(List.of("java", "-jar", stack.agentJar().toString(), "status", "--state",
                    state.toString())).lines().filter(l -> l.contains("tracker")).findFirst().orElse("tracker: ?").strip();
            System.out.printf("== agent run --tracker %s on %s (%s): initial replication to the first point %d s%n",
                    tracker, loop, status, Duration.between(started, Instant.now()).toSeconds());
            Path stat = Path.of("/sys/block", Path.of(loop).getFileName().toString(), "stat");
            long stopP99 = Long.parseLong(System.getenv().getOrDefault("STACK_RPO_STOP_P99", "0"));
            boolean stop = false;
            for (String rate : rates) {
                if (stop) {
                    break;
                }
                for (String[] variant : variants()) {
                    String window = variant[0];
                    String uploadsFirst = variant[1];
                    if (!window.isEmpty()) {
                        setWindow(Long.parseLong(window));
                    }
                    if (!uploadsFirst.isEmpty()) {
                        setProcessServer("UploadsFirst", Boolean.parseBoolean(uploadsFirst));
                    }
                    drain(item);
                    long[] before = counters(stat);
                    long[] stagesBefore = stages();
                    long stagesFrom = System.nanoTime();
                    long cpuBefore = BenchStack.cpuTicks(agent.pid());
                    Process fio = new ProcessBuilder("fio", "--name=w", "--filename=" + loop, "--rw=randwrite", "--bs=4k",
                            "--direct=1", "--rate=" + rate, "--runtime=" + seconds, "--time_based", "--output=/dev/null")
                            .redirectErrorStream(true).redirectOutput(stack.work.resolve("fio.log").toFile()).start();
                    List<Long> rpo = new ArrayList<>();
                    long end = System.nanoTime() + seconds * 1_000_000_000L;
                    Thread.sleep(10_000); // the writes' RPO, not the idle one before them
                    while (System.nanoTime() < end) {
                        long tick = System.nanoTime();
                        JsonObject item0 = stack.itemStatus(item);
                        if (!item0.isNull("rpoSeconds")) {
                            rpo.add(item0.getJsonNumber("rpoSeconds").longValue());
                        }
                        Thread.sleep(Math.max(0, 1000 - (System.nanoTime() - tick) / 1_000_000));
                    }
                    if (!fio.waitFor(60, TimeUnit.SECONDS)) {
                        fio.destroy();
                    }
                    long[] after = counters(stat);
                    long[] stagesAfter = stages();
                    double cpu = (BenchStack.cpuTicks(agent.pid()) - cpuBefore) / 100.0;
                    long read = (after[0] - before[0]) * 512;
                    long written = (after[1] - before[1]) * 512;
                    System.out.printf("  %-4s%s%s writes %5.1f MB/s: RPO p50 %3d s p99 %3d s max %3d s (%d samples "
                                    + "after the first 10 s) | read/written %.2f | agent CPU %.1f s, %.1f CPU-s per GB written | load %s%n",
                            rate, window.isEmpty() ? "" : " (direct-apply window " + window + " s)",
                            uploadsFirst.isEmpty() ? "" : " (uploads first " + uploadsFirst + ")",
                            written / 1e6 / seconds, BenchStack.percentile(rpo, 50), BenchStack.percentile(rpo, 99),
                            BenchStack.percentile(rpo, 100), rpo.size(), written == 0 ? 0.0 : (double) read / written, cpu,
                            written == 0 ? 0.0 : cpu / (written / 1e9), loadAverage());
                    printStages(stagesBefore, stagesAfter, (System.nanoTime() - stagesFrom) / 1e9);
                    if (stopP99 > 0 && BenchStack.percentile(rpo, 99) > stopP99) {
                        System.out.printf("  p99 passed %d s at %s: no higher rate%n", stopP99, rate);
                        stop = true;
                    }
                }
            }
        } finally {
            BenchStack.stopAgent(agent);
            BenchStack.run(List.of("losetup", "-d", loop));
            if (gib > 4) {
                // freeing millions of 4 KiB extents took over 14 minutes for a 64 GiB image: not the bench's time
                new ProcessBuilder("rm", "-f", image.toString()).start();
                System.out.printf("deleting %s in the background%n", image);
            } else {
                Files.deleteIfExists(image);
            }
        }
    }

    /** Waits for the item's RPO to fall to 10 s (the previous phase's backlog shipped), up to STACK_RPO_DRAIN s. */
    private void drain(String item) throws Exception {
        long limit = Long.parseLong(System.getenv().getOrDefault("STACK_RPO_DRAIN", "180"));
        long start = System.nanoTime();
        long rpo = Long.MAX_VALUE;
        while (System.nanoTime() - start < limit * 1_000_000_000L) {
            JsonObject status = stack.itemStatus(item);
            rpo = status.isNull("rpoSeconds") ? Long.MAX_VALUE : status.getJsonNumber("rpoSeconds").longValue();
            if (rpo <= 10) {
                break;
            }
            Thread.sleep(1000);
        }
        System.out.printf("  (before the phase: waited %d s for the RPO to fall to 10 s: now %s s; load %s)%n",
                (System.nanoTime() - start) / 1_000_000_000L, rpo == Long.MAX_VALUE ? "none" : rpo, loadAverage());
    }

    private static final String PORT = "lifeboat:type=ReplicationPort";
    private static final String PROCESS_SERVER = "lifeboat:type=ProcessServer";
    private static final String[][] STAGE_COUNTERS = {
            {PORT, "BytesReceived"}, {PORT, "RecordsJournaled"}, {PORT, "JournalCommits"}, {PORT, "JournalCommitMillis"},
            {PROCESS_SERVER, "UploadedSegments"}, {PROCESS_SERVER, "AppliedSegments"},
            {PROCESS_SERVER, "DirectlyAppliedSegments"}, {PROCESS_SERVER, "DirectlyAppliedBytes"},
            {PROCESS_SERVER, "SeedWrites"}, {PROCESS_SERVER, "SeedWriteBytes"},
            {PROCESS_SERVER, "DurableTimedSegments"}, {PROCESS_SERVER, "SourceToJournalMillis"},
            {PROCESS_SERVER, "JournalToDurableMillis"}, {PROCESS_SERVER, "UploadWaitMillis"},
            {PROCESS_SERVER, "UploadPackMillis"}, {PROCESS_SERVER, "UploadPutMillis"},
            {PROCESS_SERVER, "ApplierPausedMillis"}, {PROCESS_SERVER, "UploadedBytes"},
            {PROCESS_SERVER, "DirectApplyGivenBack"}};

    /**
     * The direct-apply windows to measure each rate with, one phase each, in this order (STACK_RPO_WINDOWS, seconds,
     * set through JMX); by default one phase with the server's own.
     */
    private static List<String> windows() {
        String windows = System.getenv().getOrDefault("STACK_RPO_WINDOWS", "").trim();
        return windows.isEmpty() ? List.of("") : List.of(windows.split("\\s+"));
    }

    /** Each phase's window and UploadsFirst setting ("" for the server's own), windows outer. */
    private static List<String[]> variants() {
        String uploadsFirst = System.getenv().getOrDefault("STACK_RPO_UPLOADS_FIRST", "").trim();
        List<String> settings = uploadsFirst.isEmpty() ? List.of("") : List.of(uploadsFirst.split("\\s+"));
        List<String[]> variants = new ArrayList<>();
        for (String window : windows()) {
            for (String setting : settings) {
                variants.add(new String[] {window, setting});
            }
        }
        return variants;
    }

    private void setWindow(long seconds) throws Exception {
        setProcessServer("DirectApplySeconds", seconds);
    }

    private void setProcessServer(String attribute, Object value) throws Exception {
        try (JMXConnector jmx = stack.jmx()) {
            jmx.getMBeanServerConnection().setAttribute(new ObjectName(PROCESS_SERVER), new Attribute(attribute, value));
        }
    }

    /** The server's stage counters now, in {@link #STAGE_COUNTERS}' order. */
    private long[] stages() throws Exception {
        try (JMXConnector jmx = stack.jmx()) {
            MBeanServerConnection server = jmx.getMBeanServerConnection();
            long[] values = new long[STAGE_COUNTERS.length];
            for (int i = 0; i < values.length; i++) {
                values[i] = ((Number) server.getAttribute(new ObjectName(STAGE_COUNTERS[i][0]), STAGE_COUNTERS[i][1]))
                        .longValue();
            }
            return values;
        }
    }

    private static void printStages(long[] before, long[] after, double seconds) {
        long[] d = new long[before.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = after[i] - before[i];
        }
        System.out.printf("       stages: received %.2f MB/s, %.0f records/s journaled in %.0f commits/s (%.1f records a "
                        + "commit, %.0f %% of a session's time in fsync+ACK) | segments/s: %.2f applied (%.2f directly, "
                        + "%.2f MB/s; %d given back at their window's end), %.2f uploaded | seed writes %.0f/s, mean "
                        + "%.1f KiB, %.2f MB/s%n",
                d[0] / 1e6 / seconds, d[1] / seconds, d[2] / seconds, d[2] == 0 ? 0.0 : (double) d[1] / d[2],
                d[3] / 10.0 / seconds, d[5] / seconds, d[6] / seconds, d[7] / 1e6 / seconds, d[18], d[4] / seconds,
                d[8] / seconds, d[8] == 0 ? 0.0 : d[9] / 1024.0 / d[8], d[9] / 1e6 / seconds);
        System.out.printf("       where a segment's newest source time waited (mean of %d segments made durable): "
                        + "%.2f s to its journal write (agent pass, send, commit), %.2f s from there to durable in Azure "
                        + "(seal, window, round, upload or apply)%n",
                d[10], d[10] == 0 ? 0.0 : d[11] / 1000.0 / d[10], d[10] == 0 ? 0.0 : d[12] / 1000.0 / d[10]);
        System.out.printf("       upload stage (mean of %d segments uploaded, %.1f MiB each as put, compressed): waited %.2f s from the last "
                        + "journal write to the upload's start, packed in %.2f s, put in %.2f s (%.1f MB/s a put) | "
                        + "applier paused for uploads %.0f %% of the time%n",
                d[4], d[4] == 0 ? 0.0 : d[17] / 1048576.0 / d[4], d[4] == 0 ? 0.0 : d[13] / 1000.0 / d[4],
                d[4] == 0 ? 0.0 : d[14] / 1000.0 / d[4], d[4] == 0 ? 0.0 : d[15] / 1000.0 / d[4],
                d[15] == 0 ? 0.0 : d[17] / 1e3 / d[15], d[16] / 10.0 / seconds);
    }

    /**
     * Azurite's own ceiling for the writes the log applier makes under random 4 KiB writes: 4 KiB Put Page calls at
     * random 4 KiB offsets of one 1 GiB page blob, for 10 s one at a time (twice: the first warms up), then 10 s
     * each with 8 in flight (the applier's number) and 32, measured in this run next to the stack.
     */
    private void putPageCeiling() throws Exception {
        PutPageCeiling.measure(stack.storageConnectionString(), 4096, 10, 1, 1, 8, 32);
    }

    /** Sectors read and written by the device so far (fields 3 and 7 of its block stat). */
    private static long[] counters(Path stat) throws Exception {
        String[] fields = Files.readString(stat).trim().split("\\s+");
        return new long[] {Long.parseLong(fields[2]), Long.parseLong(fields[6])};
    }

    private static String loadAverage() throws Exception {
        return Files.readString(Path.of("/proc/loadavg")).trim();
    }
}
