package org.lifeboat.bench;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import jakarta.json.JsonObject;
import com.azure.storage.blob.BlobServiceClientBuilder;
import com.azure.storage.blob.models.PageRange;
import com.azure.storage.blob.specialized.PageBlobClient;

/**
 * Replication through a running Lifeboat (started by run.sh), each figure next to a baseline measured
 * in the same run:
 * <ul>
 * <li>initial: a 1 GiB disk with 50 % zeros until its first recovery point, against plain Azure SDK
 * uploadPages of the same non-zero data into the same Azurite; with process-server CPU and heap; once
 * right after the server started and once more on the warmed-up server;</li>
 * <li>bytes: bytes on the wire (agent to process server), into the cache container and straight into
 * the seed disk per changed byte, for random and for compressible changes;</li>
 * <li>rpo: RPO p50/p99 over 3 minutes while 5 MB/s of random 4-64 KiB writes hit the disk, against the
 * idle RPO before the writes start;</li>
 * <li>storage (alone): what the storage endpoint takes from 1, 2 and 4 writers of 4 MiB Put Page calls;</li>
 * <li>wan-bytes (alone, what bench/wan-bytes/run.sh runs): WAN bytes (request body bytes the process server sent
 * to the storage account) per changed byte, with the log applier on premises (the default: segments the applier
 * takes in time go straight into the seed disk as Put Page) against the cache route an applier near Azure needs
 * (direct-apply windows 0: every segment compressed and encrypted to {@code cache}; the Put Page calls that
 * follow are the applier's, near Azure, and shown apart), random and compressible data.</li>
 * </ul>
 */
public final class ReplicationBench {

    private static final long GIB = 1L << 30;
    private static final int MIB = 1 << 20;

    private final BenchStack stack;
    private final Random random = new Random(42);
    private final Path work;
    private Path disk;
    private Path state;
    private Process agent;
    private String item;

    private ReplicationBench() throws Exception {
        stack = new BenchStack();
        work = stack.work;
    }

    public static void main(String[] args) throws Exception {
        String what = args.length == 0 ? "all" : args[0];
        ReplicationBench bench = new ReplicationBench();
        if (what.equals("storage")) {
            bench.storageCeiling();
            return;
        }
        if (what.equals("wan-bytes")) {
            try {
                bench.wanBytesPerChangedByte(args.length > 1 ? Integer.parseInt(args[1]) : 64);
            } finally {
                BenchStack.stopAgent(bench.agent);
            }
            return;
        }
        try {
            // a process server in use has long warmed up; the first run after a start pays the JIT's
            // warm-up (AES-GCM, CRC32C and the SDK run interpreted at first), so both are measured
            bench.initial("first after the server started");
            BenchStack.stopAgent(bench.agent);
            bench.initial("again on the warmed-up server, new disk and item");
            if (what.equals("all") || what.equals("bytes")) {
                bench.bytesPerChangedByte();
            }
            if (what.equals("all") || what.equals("rpo")) {
                bench.steadyRpo();
            }
        } finally {
            BenchStack.stopAgent(bench.agent);
        }
    }

    // ---------------------------------------------------------------------------------------------

    private void initial(String label) throws Exception {
        disk = work.resolve("disk-" + System.nanoTime() + ".img");
        long nonZero = halfRandom(disk);
        System.out.printf("Initial replication, %s: 1 GiB disk, %d MiB of random data in 1 MiB blocks, the rest zeros%n",
                label, nonZero / MIB);

        stack.awaitQuietServer();
        double baseline = baselineUpload();
        System.out.printf("  baseline: Azure SDK uploadPages of the non-zero data, 4 MiB calls, one writer: %.1f s (%.1f MB/s)%n",
                baseline, nonZero / 1e6 / baseline);

        item = "bench-" + System.currentTimeMillis();
        state = stack.protect(item, disk);
        long pid = stack.payaraPid();
        long cpuBefore = BenchStack.cpuTicks(pid);
        Counters before = counters();
        Instant start = Instant.now();
        agent = stack.startAgent(state);
        HeapSampler heap = new HeapSampler(true, pid, agent.pid(), stack.azuritePid());
        heap.start();
        stack.waitForPoint(item, stack.bookmark(state));
        double seconds = Duration.between(start, Instant.now()).toMillis() / 1000.0;
        heap.stopSampling();
        double cpu = (BenchStack.cpuTicks(pid) - cpuBefore) / 100.0;
        Counters after = counters();
        System.out.printf("  Lifeboat: agent start to first recovery point: %.1f s (%.1f MB/s) = %.2fx the baseline%n",
                seconds, nonZero / 1e6 / seconds, seconds / baseline);
        System.out.printf("  process server: %.1f CPU-seconds (%.0f %% of one core), heap used after GC peak %d MiB, max %d MiB%n",
                cpu, 100 * cpu / seconds, heap.peak / MIB, heap.max / MIB);
        System.out.printf("  wire bytes per non-zero byte: %.3f; cache bytes per non-zero byte: %.3f;"
                        + " journal bytes applied straight into the seed disk per non-zero byte: %.3f%n",
                (after.received - before.received) / (double) nonZero,
                (after.uploaded - before.uploaded) / (double) nonZero,
                (after.appliedDirectly - before.appliedDirectly) / (double) nonZero);
    }

    private void bytesPerChangedByte() throws Exception {
        System.out.println("Bytes per changed byte (64 MiB of 64 KiB writes at random offsets, then a bookmark):");
        for (boolean throughCache : new boolean[]{false, true}) {
            // the cache route is what every segment takes when the applier is behind, or with the windows at 0
            long[] windows = throughCache ? directApplyWindows(0, 0) : null;
            try {
                for (boolean compressible : new boolean[]{false, true}) {
                    Counters before = counters();
                    long changed = write(64L * MIB, 64 * 1024, compressible);
                    stack.waitForPoint(item, stack.bookmark(state));
                    Counters after = counters();
                    System.out.printf("  %-11s %-12s agent->process server %.3f, process server->cache %.3f (journal %.3f),"
                                    + " journal applied straight into the seed disk %.3f%n",
                            throughCache ? "via cache" : "default", compressible ? "compressible" : "random",
                            (after.received - before.received) / (double) changed,
                            (after.uploaded - before.uploaded) / (double) changed,
                            (after.uploadedSource - before.uploadedSource) / (double) changed,
                            (after.appliedDirectly - before.appliedDirectly) / (double) changed);
                }
            } finally {
                if (windows != null) {
                    directApplyWindows(windows[0], windows[1]);
                }
            }
        }
    }

    /**
     * WAN bytes per changed byte: a 1 GiB disk of zeros (its initial replication sends nothing but the VHD footer),
     * then per route and kind of data {@code mib} MiB of 64 KiB writes at random offsets and a bookmark, counted
     * from the recovery point's arrival. Each row shows the bytes to {@code cache} and the Put Page bytes apart.
     */
    private void wanBytesPerChangedByte(int mib) throws Exception {
        disk = work.resolve("disk-" + System.nanoTime() + ".img");
        try (RandomAccessFile raf = new RandomAccessFile(disk.toFile(), "rw")) {
            raf.setLength(GIB);
        }
        item = "wan-" + System.currentTimeMillis();
        state = stack.protect(item, disk);
        agent = stack.startAgent(state);
        stack.waitForPoint(item, stack.bookmark(state));
        System.out.printf("WAN bytes per changed byte (%d MiB of 64 KiB writes at random offsets of a 1 GiB disk, "
                + "then a bookmark; request body bytes to the storage account):%n", mib);
        System.out.println("  applier      data          to cache   Put Page   WAN total   agent->process server");
        for (boolean nearAzure : new boolean[]{false, true}) {
            long[] windows = nearAzure ? directApplyWindows(0, 0) : null;
            try {
                for (boolean compressible : new boolean[]{false, true}) {
                    long[] before = wanCounters();
                    long changed = write((long) mib * MIB, 64 * 1024, compressible);
                    stack.waitForPoint(item, stack.bookmark(state));
                    long[] after = wanCounters();
                    double cache = (after[0] - before[0]) / (double) changed;
                    double seeds = (after[1] - before[1]) / (double) changed;
                    // near Azure, the Put Page calls are the applier's, beside the storage account: not WAN
                    double wan = nearAzure ? cache : cache + seeds;
                    System.out.printf("  %-12s %-12s %9.3f %10.3f %11.3f %23.3f%s%n",
                            nearAzure ? "near Azure" : "on premises", compressible ? "compressible" : "random",
                            cache, seeds, wan, (after[2] - before[2]) / (double) changed,
                            nearAzure ? "   (Put Page made near Azure)" : "");
                }
            } finally {
                if (windows != null) {
                    directApplyWindows(windows[0], windows[1]);
                }
            }
        }
    }

    /** WanCacheBytes, WanSeedBytes, and the bytes the replication port received. */
    private long[] wanCounters() throws Exception {
        try (JMXConnector connector = stack.jmx()) {
            MBeanServerConnection server = connector.getMBeanServerConnection();
            ObjectName ps = new ObjectName("lifeboat:type=ProcessServer");
            return new long[]{(Long) server.getAttribute(ps, "WanCacheBytes"), (Long) server.getAttribute(ps, "WanSeedBytes"),
                    (Long) server.getAttribute(new ObjectName("lifeboat:type=ReplicationPort"), "BytesReceived")};
        }
    }

    /** Sets the process server's direct-apply windows (after / during initial replication); returns the old ones. */
    private long[] directApplyWindows(long seconds, long initialSeconds) throws Exception {
        try (JMXConnector connector = stack.jmx()) {
            MBeanServerConnection server = connector.getMBeanServerConnection();
            ObjectName ps = new ObjectName("lifeboat:type=ProcessServer");
            long[] old = {(Long) server.getAttribute(ps, "DirectApplySeconds"),
                    (Long) server.getAttribute(ps, "InitialDirectApplySeconds")};
            server.setAttribute(ps, new javax.management.Attribute("DirectApplySeconds", seconds));
            server.setAttribute(ps, new javax.management.Attribute("InitialDirectApplySeconds", initialSeconds));
            return old;
        }
    }

    private void steadyRpo() throws Exception {
        List<Long> idle = sampleRpo(Duration.ofSeconds(30), 0);
        System.out.printf("Steady RPO: baseline (idle disk, 30 s): p50 %d s, p99 %d s%n", BenchStack.percentile(idle, 50),
                BenchStack.percentile(idle, 99));
        List<Long> busy = sampleRpo(Duration.ofMinutes(3), 5_000_000);
        System.out.printf("  5 MB/s of random 4-64 KiB writes for 3 minutes: p50 %d s, p99 %d s, max %d s (%d samples)%n",
                BenchStack.percentile(busy, 50), BenchStack.percentile(busy, 99), BenchStack.percentile(busy, 100), busy.size());
    }

    // ---------------------------------------------------------------------------------------------

    private long halfRandom(Path file) throws IOException {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.setLength(GIB);
        }
        byte[] block = new byte[MIB];
        long written = 0;
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            for (long offset = 0; offset < GIB; offset += MIB) {
                if (random.nextBoolean()) {
                    random.nextBytes(block);
                    channel.write(ByteBuffer.wrap(block), offset);
                    written += MIB;
                }
            }
            channel.force(true);
        }
        return written;
    }

    /**
     * What the storage endpoint takes when nothing else runs: 512 MiB of random 4 MiB Put Page calls
     * into one page blob, from 1, 2 and 4 writers at once (the first pass warms the JVM and is shown too).
     */
    private void storageCeiling() throws Exception {
        stack.awaitQuietServer();
        String connection = stack.storageConnectionString();
        var container = new BlobServiceClientBuilder().connectionString(connection).buildClient()
                .getBlobContainerClient("seeds");
        byte[] data = new byte[4 * MIB];
        random.nextBytes(data);
        System.out.println("Storage ceiling: 512 MiB of 4 MiB Put Page calls into one page blob");
        for (int writers : new int[]{1, 1, 2, 4}) {
            PageBlobClient blob = container.getBlobClient("bench-ceiling-" + System.nanoTime()).getPageBlobClient();
            blob.create(GIB);
            var pool = java.util.concurrent.Executors.newFixedThreadPool(writers);
            List<java.util.concurrent.Future<?>> calls = new ArrayList<>();
            Instant start = Instant.now();
            for (long offset = 0; offset < 512L * MIB; offset += data.length) {
                long at = offset;
                calls.add(pool.submit(() -> blob.uploadPages(new PageRange().setStart(at).setEnd(at + data.length - 1),
                        new ByteArrayInputStream(data))));
            }
            for (var call : calls) {
                call.get();
            }
            double seconds = Duration.between(start, Instant.now()).toMillis() / 1000.0;
            pool.shutdown();
            blob.delete();
            System.out.printf("  %d writer(s): %.1f s (%.1f MB/s)%n", writers, seconds, 512.0 * MIB / 1e6 / seconds);
        }
    }

    private double baselineUpload() throws IOException {
        String connection = stack.storageConnectionString();
        PageBlobClient blob = new BlobServiceClientBuilder().connectionString(connection).buildClient()
                .getBlobContainerClient("seeds").getBlobClient("bench-baseline-" + System.nanoTime() + ".vhd")
                .getPageBlobClient();
        blob.create(GIB);
        byte[] chunk = new byte[4 * MIB];
        Instant start = Instant.now();
        try (FileChannel channel = FileChannel.open(disk, StandardOpenOption.READ)) {
            long runStart = -1;
            int runLength = 0;
            for (long offset = 0; offset < GIB; offset += MIB) {
                ByteBuffer buffer = ByteBuffer.wrap(chunk, runLength, MIB);
                channel.read(buffer, offset);
                boolean zero = isZero(chunk, runLength, MIB);
                if (!zero) {
                    if (runStart < 0) {
                        runStart = offset;
                    }
                    runLength += MIB;
                }
                if ((zero || runLength == chunk.length || offset + MIB == GIB) && runLength > 0) {
                    blob.uploadPages(new PageRange().setStart(runStart).setEnd(runStart + runLength - 1),
                            new ByteArrayInputStream(chunk, 0, runLength));
                    runStart = -1;
                    runLength = 0;
                }
            }
        }
        double seconds = Duration.between(start, Instant.now()).toMillis() / 1000.0;
        blob.delete();
        return seconds;
    }

    private static boolean isZero(byte[] data, int from, int length) {
        for (int i = from; i < from + length; i++) {
            if (data[i] != 0) {
                return false;
            }
        }
        return true;
    }

    /** Writes {@code total} bytes in blocks at random offsets; compressible blocks are text. */
    private long write(long total, int blockSize, boolean compressible) throws IOException {
        byte[] block = new byte[blockSize];
        String words = "replication recovery point failover seed disk journal segment agent process server vault ";
        try (FileChannel channel = FileChannel.open(disk, StandardOpenOption.WRITE)) {
            for (long done = 0; done < total; done += blockSize) {
                if (compressible) {
                    for (int i = 0; i < blockSize; i++) {
                        block[i] = (byte) words.charAt((i * 7 + random.nextInt(3)) % words.length());
                    }
                } else {
                    random.nextBytes(block);
                }
                long offset = (long) random.nextInt((int) (GIB / blockSize)) * blockSize;
                channel.write(ByteBuffer.wrap(block), offset);
            }
            channel.force(true);
        }
        return total;
    }

    private List<Long> sampleRpo(Duration duration, long bytesPerSecond) throws Exception {
        List<Long> samples = new ArrayList<>();
        Instant end = Instant.now().plus(duration);
        try (FileChannel channel = FileChannel.open(disk, StandardOpenOption.WRITE)) {
            while (Instant.now().isBefore(end)) {
                Instant tick = Instant.now();
                long written = 0;
                while (written < bytesPerSecond) {
                    int length = 512 * (8 + random.nextInt(121));
                    byte[] data = new byte[length];
                    random.nextBytes(data);
                    channel.write(ByteBuffer.wrap(data), (long) random.nextInt((int) ((GIB - length) / 512)) * 512);
                    written += length;
                }
                JsonObject state = stack.itemStatus(item);
                if (!state.isNull("rpoSeconds")) {
                    samples.add(state.getJsonNumber("rpoSeconds").longValue());
                }
                long sleep = 1000 - Duration.between(tick, Instant.now()).toMillis();
                if (sleep > 0) {
                    Thread.sleep(sleep);
                }
            }
        }
        return samples;
    }

    private record Counters(long received, long uploaded, long uploadedSource, long appliedDirectly) {
    }

    private Counters counters() throws Exception {
        try (JMXConnector connector = stack.jmx()) {
            MBeanServerConnection server = connector.getMBeanServerConnection();
            return new Counters((Long) server.getAttribute(new ObjectName("lifeboat:type=ReplicationPort"), "BytesReceived"),
                    (Long) server.getAttribute(new ObjectName("lifeboat:type=ProcessServer"), "UploadedBytes"),
                    (Long) server.getAttribute(new ObjectName("lifeboat:type=ProcessServer"), "UploadedSourceBytes"),
                    (Long) server.getAttribute(new ObjectName("lifeboat:type=ProcessServer"), "DirectlyAppliedBytes"));
        }
    }

    /**
     * Samples the process server every 2 s while a benchmark runs: its heap after the last GC (no forced
     * GC, which would perturb what it measures) and, for the initial replication, a timeline of how far
     * each stage has got, so the lagging stage shows.
     */
    private final class HeapSampler extends Thread {
        volatile boolean running = true;
        long peak;
        long max;
        final boolean timeline;
        final long[] pids;
        final Instant start = Instant.now();

        HeapSampler(boolean timeline, long... pids) {
            this.timeline = timeline;
            this.pids = pids;
            setDaemon(true);
        }

        @Override
        public void run() {
            if (timeline) {
                System.out.println("    t(s)  received MiB  uploaded MiB  applied directly MiB  applied segs  backlog segs  CPU-s payara/agent/azurite");
            }
            try (JMXConnector connector = stack.jmx()) {
                MBeanServerConnection server = connector.getMBeanServerConnection();
                ObjectName ps = new ObjectName("lifeboat:type=ProcessServer");
                while (running) {
                    peak = Math.max(peak, BenchStack.heapAfterGc(server));
                    max = BenchStack.heapMax(server);
                    if (timeline) {
                        StringBuilder cpu = new StringBuilder();
                        for (long pid : pids) {
                            cpu.append(cpu.length() == 0 ? "" : "/").append(String.format("%.1f", BenchStack.cpuTicks(pid) / 100.0));
                        }
                        System.out.printf("    %4d  %12d  %12d  %20d  %12d  %12d  %s%n",
                                Duration.between(start, Instant.now()).toSeconds(),
                                (Long) server.getAttribute(new ObjectName("lifeboat:type=ReplicationPort"), "BytesReceived") / MIB,
                                (Long) server.getAttribute(ps, "UploadedSourceBytes") / MIB,
                                (Long) server.getAttribute(ps, "DirectlyAppliedBytes") / MIB,
                                (Long) server.getAttribute(ps, "AppliedSegments"),
                                (Long) server.getAttribute(ps, "ApplyBacklogSegments"), cpu);
                    }
                    Thread.sleep(2000);
                }
            } catch (Exception e) {
                if (running) {
                    System.out.println("    (sampling stopped: " + e + ")");
                }
            }
        }

        void stopSampling() {
            running = false;
        }
    }
}
