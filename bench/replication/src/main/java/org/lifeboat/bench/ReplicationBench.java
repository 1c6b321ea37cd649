package org.lifeboat.bench;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.lang.management.MemoryUsage;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import javax.rmi.ssl.SslRMIClientSocketFactory;
import jakarta.json.Json;
import jakarta.json.JsonArray;
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
 * <li>storage (alone): what the storage endpoint takes from 1, 2 and 4 writers of 4 MiB Put Page calls.</li>
 * </ul>
 */
public final class ReplicationBench {

    private static final long GIB = 1L << 30;
    private static final int MIB = 1 << 20;
    private static final Pattern UUID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    private final Path root = Path.of(System.getProperty("lifeboat.root"));
    private final Path home = Path.of(System.getProperty("lifeboat.home"));
    private final int portBase = 24000;
    private final String api = "https://localhost:" + (portBase + 81) + "/lifeboat/api/v1";
    private final Random random = new Random(42);
    private final SSLContext tls;
    private final HttpClient http;
    private final Path work;
    private Path disk;
    private Path state;
    private Process agent;
    private String item;

    private ReplicationBench() throws Exception {
        tls = trusting(home.resolve("tls/server-cert.pem"));
        SSLContext.setDefault(tls); // JMX's SSL socket factory uses the default context
        http = HttpClient.newBuilder().sslContext(tls).build();
        work = Files.createTempDirectory("lifeboat-bench");
        trustStoreForNetty(home.resolve("tls/server-cert.pem"), work.resolve("trust.p12"));
    }

    public static void main(String[] args) throws Exception {
        String what = args.length == 0 ? "all" : args[0];
        ReplicationBench bench = new ReplicationBench();
        if (what.equals("storage")) {
            bench.storageCeiling();
            return;
        }
        try {
            // a process server in use has long warmed up; the first run after a start pays the JIT's
            // warm-up (AES-GCM, CRC32C and the SDK run interpreted at first), so both are measured
            bench.initial("first after the server started");
            bench.stopAgent();
            bench.initial("again on the warmed-up server, new disk and item");
            if (what.equals("all") || what.equals("bytes")) {
                bench.bytesPerChangedByte();
            }
            if (what.equals("all") || what.equals("rpo")) {
                bench.steadyRpo();
            }
        } finally {
            bench.stopAgent();
        }
    }

    // ---------------------------------------------------------------------------------------------

    private void initial(String label) throws Exception {
        disk = work.resolve("disk-" + System.nanoTime() + ".img");
        long nonZero = halfRandom(disk);
        System.out.printf("Initial replication, %s: 1 GiB disk, %d MiB of random data in 1 MiB blocks, the rest zeros%n",
                label, nonZero / MIB);

        awaitQuietServer();
        double baseline = baselineUpload();
        System.out.printf("  baseline: Azure SDK uploadPages of the non-zero data, 4 MiB calls, one writer: %.1f s (%.1f MB/s)%n",
                baseline, nonZero / 1e6 / baseline);

        item = "bench-" + System.currentTimeMillis();
        state = work.resolve("agent-" + item);
        String agentId = register(item, disk, state);
        String enabled = send("PUT", "/protectedItems/" + item, "{\"agentId\":\"" + agentId + "\"}");
        if (!enabled.contains("diskId")) {
            throw new IllegalStateException("enable failed: " + enabled);
        }
        long pid = payaraPid();
        long cpuBefore = cpuTicks(pid);
        Counters before = counters();
        Instant start = Instant.now();
        startAgent();
        HeapSampler heap = new HeapSampler(true, pid, agent.pid(), azuritePid());
        heap.start();
        waitForPoint(bookmark());
        double seconds = Duration.between(start, Instant.now()).toMillis() / 1000.0;
        heap.stopSampling();
        double cpu = (cpuTicks(pid) - cpuBefore) / 100.0;
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
                    waitForPoint(bookmark());
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

    /** Sets the process server's direct-apply windows (after / during initial replication); returns the old ones. */
    private long[] directApplyWindows(long seconds, long initialSeconds) throws Exception {
        try (JMXConnector connector = jmx()) {
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
        System.out.printf("Steady RPO: baseline (idle disk, 30 s): p50 %d s, p99 %d s%n", percentile(idle, 50),
                percentile(idle, 99));
        List<Long> busy = sampleRpo(Duration.ofMinutes(3), 5_000_000);
        System.out.printf("  5 MB/s of random 4-64 KiB writes for 3 minutes: p50 %d s, p99 %d s, max %d s (%d samples)%n",
                percentile(busy, 50), percentile(busy, 99), percentile(busy, 100), busy.size());
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
        awaitQuietServer();
        String connection = Files.readString(home.resolve("secrets/storage-connection-string")).strip();
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
        String connection = Files.readString(home.resolve("secrets/storage-connection-string")).strip();
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
                JsonObject state = Json.createReader(new java.io.StringReader(get("/protectedItems/" + item)))
                        .readObject();
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

    private static long percentile(List<Long> samples, int percentile) {
        if (samples.isEmpty()) {
            return -1;
        }
        List<Long> sorted = samples.stream().sorted().toList();
        int index = (int) Math.ceil(percentile / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }

    // --- the stack --------------------------------------------------------------------------------

    private String register(String name, Path image, Path stateDir) throws Exception {
        String out = run(List.of("java", "-jar", root.resolve("agent/target/lifeboat-agent.jar").toString(),
                "register", "--server", api, "--passphrase-file", home.resolve("secrets/registration-passphrase").toString(),
                "--disk", image.toString(), "--state", stateDir.toString(), "--name", name));
        Matcher id = UUID.matcher(out);
        if (!id.find()) {
            throw new IllegalStateException("registration failed: " + out);
        }
        return id.group();
    }

    private void startAgent() throws Exception {
        agent = new ProcessBuilder("java", "-Xmx512m", "-jar", root.resolve("agent/target/lifeboat-agent.jar").toString(),
                "run", "--state", state.toString()).redirectErrorStream(true)
                .redirectOutput(work.resolve("agent.log").toFile()).start();
        for (int i = 0; i < 120; i++) {
            if (runQuietly(List.of("java", "-jar", root.resolve("agent/target/lifeboat-agent.jar").toString(),
                    "status", "--state", state.toString()))) {
                return;
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("the agent did not start: " + Files.readString(work.resolve("agent.log")));
    }

    private void stopAgent() throws InterruptedException {
        if (agent != null) {
            agent.destroy();
            agent.waitFor(20, TimeUnit.SECONDS);
        }
    }

    private String bookmark() throws Exception {
        String out = run(List.of("java", "-jar", root.resolve("agent/target/lifeboat-agent.jar").toString(),
                "bookmark", "--state", state.toString(), "--timeout", "1800"));
        Matcher id = UUID.matcher(out);
        if (!id.find()) {
            throw new IllegalStateException("bookmark failed: " + out);
        }
        return id.group();
    }

    private void waitForPoint(String bookmarkId) throws Exception {
        for (int i = 0; i < 3600; i++) {
            JsonArray points = Json.createReader(new java.io.StringReader(get("/protectedItems/" + item
                    + "/recoveryPoints"))).readArray();
            for (JsonObject point : points.getValuesAs(JsonObject.class)) {
                if (bookmarkId.equals(point.getString("bookmarkId"))) {
                    return;
                }
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("no recovery point for " + bookmarkId);
    }

    private String get(String path) throws Exception {
        return http.send(request(path).GET().build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    private String send(String method, String path, String json) throws Exception {
        return http.send(request(path).header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    private HttpRequest.Builder request(String path) throws IOException {
        String password = Files.readString(home.resolve("secrets/admin-password")).strip();
        return HttpRequest.newBuilder(URI.create(api + path)).header("Authorization", "Basic "
                + Base64.getEncoder().encodeToString(("admin:" + password).getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * Waits until the freshly started server has settled: the deployment's class loading and JIT, and
     * the JMX connector's first use (Payara then builds its AMX management beans, seconds of CPU), would
     * otherwise be measured as part of whichever figure comes first.
     */
    private void awaitQuietServer() throws Exception {
        counters(); // the first JMX connection, which sets AMX off
        long pid = payaraPid();
        Instant start = Instant.now();
        long ticks = cpuTicks(pid);
        while (Duration.between(start, Instant.now()).toSeconds() < 120) {
            Thread.sleep(2000);
            long now = cpuTicks(pid);
            if (now - ticks <= 10) { // at most 5 % of a core over 2 s
                break;
            }
            ticks = now;
        }
        System.out.printf("  (process server quiet after %d s)%n", Duration.between(start, Instant.now()).toSeconds());
    }

    private long azuritePid() throws IOException {
        return Long.parseLong(Files.readString(home.resolve("run/azurite.pid")).strip());
    }

    private long payaraPid() throws IOException {
        return Long.parseLong(Files.readString(home.resolve("domains/lifeboat/config/pid")).strip());
    }

    /** User plus system CPU time of a process, in clock ticks (1/100 s). */
    private static long cpuTicks(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }

    private record Counters(long received, long uploaded, long uploadedSource, long appliedDirectly) {
    }

    private Counters counters() throws Exception {
        try (JMXConnector connector = jmx()) {
            MBeanServerConnection server = connector.getMBeanServerConnection();
            return new Counters((Long) server.getAttribute(new ObjectName("lifeboat:type=ReplicationPort"), "BytesReceived"),
                    (Long) server.getAttribute(new ObjectName("lifeboat:type=ProcessServer"), "UploadedBytes"),
                    (Long) server.getAttribute(new ObjectName("lifeboat:type=ProcessServer"), "UploadedSourceBytes"),
                    (Long) server.getAttribute(new ObjectName("lifeboat:type=ProcessServer"), "DirectlyAppliedBytes"));
        }
    }

    private JMXConnector jmx() throws IOException {
        String password = "";
        for (String line : Files.readAllLines(home.resolve("secrets/asadmin-passwords"))) {
            if (line.startsWith("AS_ADMIN_PASSWORD=")) {
                password = line.substring("AS_ADMIN_PASSWORD=".length());
            }
        }
        Map<String, Object> environment = new HashMap<>();
        environment.put("com.sun.jndi.rmi.factory.socket", new SslRMIClientSocketFactory());
        environment.put(JMXConnector.CREDENTIALS, new String[]{"admin", password});
        return JMXConnectorFactory.connect(new JMXServiceURL("service:jmx:rmi:///jndi/rmi://localhost:"
                + (portBase + 86) + "/jmxrmi"), environment);
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
            try (JMXConnector connector = jmx()) {
                MBeanServerConnection server = connector.getMBeanServerConnection();
                ObjectName ps = new ObjectName("lifeboat:type=ProcessServer");
                while (running) {
                    long used = 0;
                    for (ObjectName pool : server.queryNames(new ObjectName("java.lang:type=MemoryPool,*"), null)) {
                        Object after = server.getAttribute(pool, "CollectionUsage");
                        if (after != null) {
                            used += MemoryUsage.from((CompositeData) after).getUsed();
                        }
                    }
                    peak = Math.max(peak, used);
                    max = MemoryUsage.from((CompositeData) server.getAttribute(new ObjectName("java.lang:type=Memory"),
                            "HeapMemoryUsage")).getMax();
                    if (timeline) {
                        StringBuilder cpu = new StringBuilder();
                        for (long pid : pids) {
                            cpu.append(cpu.length() == 0 ? "" : "/").append(String.format("%.1f", cpuTicks(pid) / 100.0));
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

    private static String run(List<String> command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        process.waitFor();
        return out;
    }

    private static boolean runQuietly(List<String> command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getInputStream().readAllBytes();
        return process.waitFor() == 0;
    }

    /** The Azure SDK's Netty client reads the JVM trust store settings, not the default SSL context. */
    private static void trustStoreForNetty(Path pem, Path store) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        try (InputStream in = Files.newInputStream(pem)) {
            trust.setCertificateEntry("lifeboat", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        try (var out = Files.newOutputStream(store)) {
            trust.store(out, "bench".toCharArray());
        }
        System.setProperty("javax.net.ssl.trustStore", store.toString());
        System.setProperty("javax.net.ssl.trustStorePassword", "bench");
        System.setProperty("javax.net.ssl.trustStoreType", "PKCS12");
    }

    private static SSLContext trusting(Path pem) throws Exception {
        KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
        trust.load(null, null);
        try (InputStream in = Files.newInputStream(pem)) {
            int i = 0;
            for (Certificate certificate : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                trust.setCertificateEntry("lifeboat-" + i++, certificate);
            }
        }
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, factory.getTrustManagers(), null);
        return context;
    }
}
