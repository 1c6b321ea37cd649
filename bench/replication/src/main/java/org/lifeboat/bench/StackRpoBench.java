package org.lifeboat.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import jakarta.json.JsonObject;

/**
 * RPO through the whole stack (agent, process server, journal, seal, apply into Azurite) as the server reports it
 * ({@code GET /protectedItems/{name}}, {@code rpoSeconds}, sampled every second), while fio writes random 4 KiB
 * blocks ({@code --direct=1}) to a sparse loop device at each rate; the agent with the trace tracker
 * ({@code run --tracker auto}: a block device, as root) and, in the same run, with the scanner
 * ({@code run --tracker scan}), one new item and loop device each. Also the device's read bytes per byte written
 * (its own counters in /sys/block/loopN/stat: fio only writes, so every read is the agent's). Root and fio needed.
 * Usage (by run.sh stack-rpo): StackRpoBench [seconds-per-rate [size-GiB [rates...]]] (default 120 1 5m 20m).
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
        for (String tracker : List.of("auto", "scan")) {
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
            for (String rate : rates) {
                long[] before = counters(stat);
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
                double cpu = (BenchStack.cpuTicks(agent.pid()) - cpuBefore) / 100.0;
                long read = (after[0] - before[0]) * 512;
                long written = (after[1] - before[1]) * 512;
                System.out.printf("  %-4s writes %5.1f MB/s: RPO p50 %3d s p99 %3d s max %3d s (%d samples after the first "
                                + "10 s) | read/written %.2f | agent CPU %.1f s, %.1f CPU-s per GB written | load %s%n",
                        rate, written / 1e6 / seconds, BenchStack.percentile(rpo, 50), BenchStack.percentile(rpo, 99),
                        BenchStack.percentile(rpo, 100), rpo.size(), written == 0 ? 0.0 : (double) read / written, cpu,
                        written == 0 ? 0.0 : cpu / (written / 1e9), loadAverage());
            }
        } finally {
            BenchStack.stopAgent(agent);
            BenchStack.run(List.of("losetup", "-d", loop));
            Files.deleteIfExists(image);
        }
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
