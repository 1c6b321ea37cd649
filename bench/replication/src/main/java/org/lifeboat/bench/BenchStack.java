package org.lifeboat.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.lang.management.MemoryUsage;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
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

/**
 * The running Lifeboat a benchmark measures (started by run.sh, on port base 24000 by default), reached the way an
 * operator reaches it: REST with the admin password, JMX, the agent jar, the files of its home.
 */
final class BenchStack {

    /** run.sh's port base (LIFEBOAT_BENCH_PORT_BASE, default 24000), so that two benchmarks can run side by side. */
    static final int PORT_BASE = Integer.getInteger("lifeboat.port.base", 24000);
    private static final Pattern UUID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    final Path root = Path.of(System.getProperty("lifeboat.root"));
    final Path home = Path.of(System.getProperty("lifeboat.home"));
    final String api = "https://localhost:" + (PORT_BASE + 81) + "/lifeboat/api/v1";
    final SSLContext tls;
    final Path work;
    private final HttpClient http;

    BenchStack() throws Exception {
        tls = trusting(home.resolve("tls/server-cert.pem"));
        SSLContext.setDefault(tls); // JMX's SSL socket factory uses the default context
        http = HttpClient.newBuilder().sslContext(tls).build();
        work = Files.createTempDirectory("lifeboat-bench");
        trustStoreForNetty(home.resolve("tls/server-cert.pem"), work.resolve("trust.p12"));
    }

    String replicationHost() {
        return "127.0.0.1";
    }

    int replicationPort() {
        return PORT_BASE + 1443;
    }

    String storageConnectionString() throws IOException {
        return Files.readString(home.resolve("secrets/storage-connection-string")).strip();
    }

    // --- agents -----------------------------------------------------------------------------------

    Path agentJar() {
        return root.resolve("agent/target/lifeboat-agent.jar");
    }

    String register(String name, Path image, Path stateDir) throws Exception {
        return register(name, List.of(image), stateDir);
    }

    /** Registers an agent for the images (one disk each) and returns its id. */
    String register(String name, List<Path> images, Path stateDir) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("java", "-jar", agentJar().toString(), "register",
                "--server", api, "--passphrase-file", home.resolve("secrets/registration-passphrase").toString(),
                "--state", stateDir.toString(), "--name", name));
        images.forEach(image -> command.addAll(List.of("--disk", image.toString())));
        String out = run(command);
        Matcher id = UUID.matcher(out);
        if (!id.find()) {
            throw new IllegalStateException("registration failed: " + out);
        }
        return id.group();
    }

    /** Registers an agent for the image and protects it as item {@code name}; returns the agent's state folder. */
    Path protect(String name, Path image) throws Exception {
        return protect(name, List.of(image));
    }

    /** As {@link #protect(String, Path)}, a machine with several disks. */
    Path protect(String name, List<Path> images) throws Exception {
        Path state = work.resolve("agent-" + name);
        String agentId = register(name, images, state);
        String enabled = send("PUT", "/protectedItems/" + name, "{\"agentId\":\"" + agentId + "\"}");
        if (!enabled.contains("diskId")) {
            throw new IllegalStateException("enable failed: " + enabled);
        }
        return state;
    }

    /** Starts {@code lifeboat agent run} and waits until it answers {@code status}. */
    Process startAgent(Path state) throws Exception {
        return startAgent(state, "512m");
    }

    /** As {@link #startAgent(Path)} with this heap ({@code -Xmx}): an agent of several disks needs more. */
    Process startAgent(Path state, String heap) throws Exception {
        return startAgent(state, heap, List.of());
    }

    /** As {@link #startAgent(Path, String)} with options of {@code run} (e.g. freeze commands). */
    Process startAgent(Path state, String heap, List<String> options) throws Exception {
        Path log = state.resolveSibling(state.getFileName() + ".log");
        List<String> command = new java.util.ArrayList<>(List.of("java", "-Xmx" + heap, "-jar", agentJar().toString(),
                "run", "--state", state.toString()));
        command.addAll(options);
        Process agent = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        for (int i = 0; i < 120; i++) {
            if (runQuietly(List.of("java", "-jar", agentJar().toString(), "status", "--state", state.toString()))) {
                return agent;
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("the agent did not start: " + Files.readString(log));
    }

    static void stopAgent(Process agent) throws InterruptedException {
        if (agent != null) {
            agent.destroy();
            agent.waitFor(20, TimeUnit.SECONDS);
        }
    }

    /** Asks the agent for a bookmark and returns its id once the agent says it is durable. */
    String bookmark(Path state) throws Exception {
        return bookmark(state, false);
    }

    /** As {@link #bookmark(Path)}, app-consistent (around the agent's freeze commands) if asked. */
    String bookmark(Path state, boolean appConsistent) throws Exception {
        return bookmark(state, appConsistent, 1800);
    }

    /** As {@link #bookmark(Path, boolean)}, failing when the agent has not made it durable within the timeout. */
    String bookmark(Path state, boolean appConsistent, int timeoutSeconds) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("java", "-jar", agentJar().toString(), "bookmark",
                "--state", state.toString(), "--timeout", String.valueOf(timeoutSeconds)));
        if (appConsistent) {
            command.add("--app-consistent");
        }
        String out = run(command);
        Matcher id = UUID.matcher(out);
        // a refusal may name a bookmark too ("No bookmark: ..."): only a durable one counts
        if (!id.find() || !out.contains("is durable on the server")) {
            throw new IllegalStateException("bookmark failed: " + out);
        }
        return id.group();
    }

    /** Waits for the item's recovery point of that bookmark and returns it. */
    JsonObject waitForPoint(String item, String bookmarkId) throws Exception {
        for (int i = 0; i < 3600; i++) {
            JsonArray points = Json.createReader(new StringReader(get("/protectedItems/" + item + "/recoveryPoints")))
                    .readArray();
            for (JsonObject point : points.getValuesAs(JsonObject.class)) {
                if (bookmarkId.equals(point.getString("bookmarkId"))) {
                    return point;
                }
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("no recovery point of " + item + " for " + bookmarkId);
    }

    /** The item's first disk id. */
    String diskId(String item) throws Exception {
        return itemStatus(item).getJsonArray("disks").getJsonObject(0).getString("diskId");
    }

    JsonObject itemStatus(String item) throws Exception {
        return Json.createReader(new StringReader(get("/protectedItems/" + item))).readObject();
    }

    /** SHA-256 of a recovery point's disk image as the server streams it. */
    String pointSha256(String item, String pointId, String diskId) throws Exception {
        HttpResponse<InputStream> image = http.send(request("/protectedItems/" + item + "/recoveryPoints/" + pointId
                + "/disks/" + diskId + "/image").GET().build(), HttpResponse.BodyHandlers.ofInputStream());
        if (image.statusCode() != 200) {
            throw new IllegalStateException("image of point " + pointId + ": HTTP " + image.statusCode());
        }
        return sha256(image.body());
    }

    /** Downloads a recovery point's whole disk image through the API into a file; returns the bytes written. */
    long downloadPoint(String item, String pointId, String diskId, Path target) throws Exception {
        HttpResponse<Path> image = http.send(request("/protectedItems/" + item + "/recoveryPoints/" + pointId
                + "/disks/" + diskId + "/image").GET().build(), HttpResponse.BodyHandlers.ofFile(target));
        if (image.statusCode() != 200) {
            throw new IllegalStateException("image of point " + pointId + ": HTTP " + image.statusCode());
        }
        return Files.size(target);
    }

    static String sha256(Path file) throws Exception {
        try (InputStream in = Files.newInputStream(file)) {
            return sha256(in);
        }
    }

    private static String sha256(InputStream in) throws Exception {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        try (DigestInputStream digesting = new DigestInputStream(in, digest)) {
            digesting.transferTo(java.io.OutputStream.nullOutputStream());
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    // --- REST and JMX -----------------------------------------------------------------------------

    String get(String path) throws Exception {
        return answer(request(path).GET().build());
    }

    String send(String method, String path, String json) throws Exception {
        return answer(request(path).header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(json)).build());
    }

    /**
     * The body of the answer; asked again (up to 30 times, a second apart) while the server says it is checking too
     * many passwords at once, as it does to the first calls of several benchmark threads before it has verified one.
     */
    private String answer(HttpRequest request) throws Exception {
        for (int attempt = 1; ; attempt++) {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (attempt >= 30 || !response.body().contains("checking too many passwords at once")) {
                return response.body();
            }
            Thread.sleep(1000);
        }
    }

    private HttpRequest.Builder request(String path) throws IOException {
        String password = Files.readString(home.resolve("secrets/admin-password")).strip();
        return HttpRequest.newBuilder(URI.create(api + path)).header("Authorization", "Basic "
                + Base64.getEncoder().encodeToString(("admin:" + password).getBytes(StandardCharsets.UTF_8)));
    }

    /** The server's {@code asadmin} (e.g. {@code create-system-properties}), failing on a non-zero exit. */
    void asadmin(String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of(home.resolve("payara6/bin/asadmin").toString(),
                "--user", "admin", "--passwordfile", home.resolve("secrets/asadmin-passwords").toString(),
                "--port", String.valueOf(PORT_BASE + 48)));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new IllegalStateException("asadmin " + String.join(" ", args) + ": " + out);
        }
    }

    JMXConnector jmx() throws IOException {
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
                + (PORT_BASE + 86) + "/jmxrmi"), environment);
    }

    /** The server's heap in use after the last collection, summed over its pools (no forced GC). */
    static long heapAfterGc(MBeanServerConnection server) throws Exception {
        long used = 0;
        for (ObjectName pool : server.queryNames(new ObjectName("java.lang:type=MemoryPool,*"), null)) {
            Object after = server.getAttribute(pool, "CollectionUsage");
            if (after != null) {
                used += MemoryUsage.from((CompositeData) after).getUsed();
            }
        }
        return used;
    }

    static long heapMax(MBeanServerConnection server) throws Exception {
        return MemoryUsage.from((CompositeData) server.getAttribute(new ObjectName("java.lang:type=Memory"),
                "HeapMemoryUsage")).getMax();
    }

    /**
     * Waits until the freshly started server has settled: the deployment's class loading and JIT, and
     * the JMX connector's first use (Payara then builds its AMX management beans, seconds of CPU), would
     * otherwise be measured as part of whichever figure comes first.
     */
    void awaitQuietServer() throws Exception {
        try (JMXConnector first = jmx()) {
            first.getMBeanServerConnection().getMBeanCount(); // the first JMX connection sets AMX off
        }
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

    long azuritePid() throws IOException {
        return Long.parseLong(Files.readString(home.resolve("run/azurite.pid")).strip());
    }

    long payaraPid() throws IOException {
        return Long.parseLong(Files.readString(home.resolve("domains/lifeboat/config/pid")).strip());
    }

    /** User plus system CPU time of a process, in clock ticks (1/100 s). */
    static long cpuTicks(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }

    static long percentile(List<Long> samples, int percentile) {
        if (samples.isEmpty()) {
            return -1;
        }
        List<Long> sorted = samples.stream().sorted().toList();
        int index = (int) Math.ceil(percentile / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }

    static String run(List<String> command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        process.waitFor();
        return out;
    }

    static boolean runQuietly(List<String> command) throws Exception {
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
