package org.lifeboat.it;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import org.lifeboat.agent.connection.CertificateCapture;
import org.lifeboat.agent.connection.PemCertificate;
import org.lifeboat.agent.connection.ServerAddress;
import org.lifeboat.agent.connection.ServerTrust;

/**
 * The Lifeboat stack the build started with {@code ./lifeboat start} (see the ear pom), seen the way an
 * operator sees it: through the launcher's printed lines, the files it names, and TLS that trusts only
 * the server's own certificate.
 */
final class LifeboatStack {

    static final Path LAUNCHER = Path.of(System.getProperty("lifeboat.launcher"));
    static final Path HOME = Path.of(System.getProperty("lifeboat.home"));
    static final int PORT_BASE = Integer.getInteger("lifeboat.port.base");
    static final Path AGENT_JAR = Path.of(System.getProperty("lifeboat.agent.jar"));

    private static volatile Map<String, String> access;

    private LifeboatStack() {
    }

    /** The "Name: value" lines of {@code lifeboat status}. */
    static Map<String, String> access() {
        if (access == null) {
            CommandResult status = launcher("status");
            Map<String, String> lines = new LinkedHashMap<>();
            for (String line : status.stdout().split("\n")) {
                int colon = line.indexOf(": ");
                if (colon > 0) {
                    lines.put(line.substring(0, colon), line.substring(colon + 2));
                }
            }
            access = lines;
        }
        return access;
    }

    static URI api(String path) {
        return URI.create(access().get("API") + path);
    }

    static URI console() {
        return URI.create(access().get("Console"));
    }

    static String replicationAddress() {
        return access().get("Replication port");
    }

    static Path serverCertificate() {
        return Path.of(access().get("Server certificate"));
    }

    static String adminPassword() {
        return read(Path.of(access().get("Admin password file")));
    }

    static String payaraAdminPassword() {
        for (String line : read(HOME.resolve("secrets/asadmin-passwords")).split("\n")) {
            if (line.startsWith("AS_ADMIN_PASSWORD=")) {
                return line.substring("AS_ADMIN_PASSWORD=".length());
            }
        }
        throw new IllegalStateException("no AS_ADMIN_PASSWORD in the launcher's asadmin password file");
    }

    static HttpClient http() {
        return HttpClient.newBuilder().sslContext(trustingServer()).connectTimeout(Duration.ofSeconds(10)).build();
    }

    static HttpResponse<String> get(URI uri, String user, String password) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60)).GET();
        if (user != null) {
            request.header("Authorization", "Basic " + Base64.getEncoder()
                    .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
        }
        return send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> getAsAdmin(String apiPath) {
        return get(api(apiPath), "admin", adminPassword());
    }

    /** PUT, POST or DELETE with a JSON body (or none) as the administrator. */
    static HttpResponse<String> sendAsAdmin(String method, String apiPath, String json) {
        HttpRequest request = HttpRequest.newBuilder(api(apiPath)).timeout(Duration.ofSeconds(120))
                .header("Authorization", basic("admin", adminPassword()))
                .header("Content-Type", "application/json")
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(json))
                .build();
        return send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** Streams a (possibly large) body as the administrator, with optional extra headers. */
    static HttpResponse<java.io.InputStream> streamAsAdmin(String apiPath, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(api(apiPath)).timeout(Duration.ofMinutes(10))
                .header("Authorization", basic("admin", adminPassword())).GET();
        if (headers.length > 0) {
            request.headers(headers);
        }
        return send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Sends a request on a new connection. A GET that meets a connection closed without an answer is sent
     * again (3 tries, 2 s apart), as any client of a server that was just restarted does: seen once in CI,
     * "EOF reached while reading" right after the supervisor restarted a killed server. Other methods are
     * not idempotent and fail at once.
     */
    private static <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
        int tries = "GET".equals(request.method()) ? 3 : 1;
        for (int attempt = 1; ; attempt++) {
            try {
                return http().send(request, handler);
            } catch (IOException e) {
                String failure = request.method() + " " + request.uri() + " failed: " + e.getMessage();
                if (attempt >= tries || e instanceof java.net.http.HttpTimeoutException) {
                    throw new IllegalStateException(failure, e);
                }
                System.err.println(failure + " (try " + attempt + " of " + tries + "); sending it again in 2 s");
                pause(Duration.ofSeconds(2));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static SSLContext trustingServer() {
        return trusting(serverCertificate());
    }

    /** The agent's own pinning: exactly the certificates in the PEM file. */
    static SSLContext trusting(Path certificatePem) {
        try {
            return ServerTrust.fromPemFile(certificatePem).sslContext();
        } catch (IOException | CertificateException e) {
            throw new IllegalStateException("cannot trust " + certificatePem + ": " + e.getMessage(), e);
        }
    }

    /**
     * The SHA-256 of the certificate a TLS port presents, read from a handshake the way the agent's registration
     * captures it (any certificate accepted; it must be issued for {@code host}).
     */
    static String presentedCertificateSha256(String host, int port) {
        try {
            return PemCertificate.sha256Hex(CertificateCapture.leafCertificate(new ServerAddress(host, port),
                    java.util.Optional.empty(), Duration.ofSeconds(30)));
        } catch (Exception e) {
            throw new IllegalStateException("no certificate from " + host + ":" + port + ": " + e.getMessage(), e);
        }
    }

    /** The SHA-256 of the certificate in a PEM file, as {@code GET /processServers} shows it. */
    static String certificateSha256(Path pem) {
        try (var in = Files.newInputStream(pem)) {
            return PemCertificate.sha256Hex((java.security.cert.X509Certificate)
                    java.security.cert.CertificateFactory.getInstance("X.509").generateCertificate(in));
        } catch (IOException | CertificateException e) {
            throw new IllegalStateException("cannot read the certificate " + pem + ": " + e.getMessage(), e);
        }
    }

    /** Runs the launcher with this stack's home and ports, as the build started it. */
    static CommandResult launcher(String... args) {
        return launcherIn(HOME, PORT_BASE, Duration.ofMinutes(5), args);
    }

    /** The server's pid as {@code start} and {@code status} print it ("Server: running (pid N)"). */
    static long serverPid(CommandResult startOrStatus) {
        Matcher pid = Pattern.compile("Server: running \\(pid (\\d+)\\)")
                .matcher(startOrStatus.stdout());
        if (!pid.find()) {
            throw new IllegalStateException("no server pid in " + startOrStatus);
        }
        return Long.parseLong(pid.group(1));
    }

    /** Kills a process with SIGKILL and waits until it is gone; fails if there was no such process. */
    static void kill9(long pid, String what) {
        ProcessHandle process = ProcessHandle.of(pid)
                .orElseThrow(() -> new IllegalStateException(what + " (pid " + pid + ") is not running"));
        process.destroyForcibly();
        try {
            process.onExit().get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(what + " (pid " + pid + ") is still there 60 s after kill -9", e);
        }
    }

    /** Runs the mobility agent's jar, as an operator would on a protected machine. */
    /** The stack's own asadmin (e.g. a system property read at run time: no restart needed); it must succeed. */
    static void asadmin(String... args) {
        List<String> command = new ArrayList<>(List.of(HOME.resolve("payara6/bin/asadmin").toString(),
                "--user", "admin", "--passwordfile", HOME.resolve("secrets/asadmin-passwords").toString(),
                "--port", String.valueOf(PORT_BASE + 48)));
        command.addAll(List.of(args));
        CommandResult result = run(command, Duration.ofMinutes(1));
        if (result.exitCode() != 0) {
            throw new AssertionError("asadmin " + String.join(" ", args) + ": " + result);
        }
    }

    static CommandResult agent(String... args) {
        List<String> command = new ArrayList<>(List.of("java", "-jar", AGENT_JAR.toString()));
        command.addAll(List.of(args));
        return run(command, Duration.ofMinutes(1));
    }

    static CommandResult run(List<String> command, Duration timeout) {
        return run(command, timeout, HOME, PORT_BASE);
    }

    /** Runs the launcher for another Lifeboat home (a test's own, on its own port base). */
    static CommandResult launcherIn(Path home, int portBase, Duration timeout, String... args) {
        return launcherIn(home, portBase, Map.of(), timeout, args);
    }

    /** As {@link #launcherIn(Path, int, Duration, String...)}, with more of the launcher's settings. */
    static CommandResult launcherIn(Path home, int portBase, Map<String, String> settings, Duration timeout,
                                    String... args) {
        List<String> command = new ArrayList<>();
        command.add(LAUNCHER.toString());
        command.addAll(List.of(args));
        return run(command, timeout, home, portBase, settings);
    }

    private static CommandResult run(List<String> command, Duration timeout, Path home, int portBase) {
        return run(command, timeout, home, portBase, Map.of());
    }

    private static CommandResult run(List<String> command, Duration timeout, Path home, int portBase,
                                     Map<String, String> settings) {
        try {
            Path out = Files.createTempFile("lifeboat-it", ".out");
            Path err = Files.createTempFile("lifeboat-it", ".err");
            ProcessBuilder builder = new ProcessBuilder(command)
                    .redirectOutput(out.toFile())
                    .redirectError(err.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
            builder.environment().put("LIFEBOAT_HOME", home.toString());
            builder.environment().put("LIFEBOAT_PORT_BASE", String.valueOf(portBase));
            builder.environment().put("LIFEBOAT_HOST", "localhost");
            builder.environment().put("LIFEBOAT_EAR", System.getProperty("lifeboat.ear"));
            builder.environment().putAll(settings);
            Process process = builder.start();
            if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(command + " did not finish within " + timeout);
            }
            CommandResult result = new CommandResult(process.exitValue(), Files.readString(out), Files.readString(err));
            Files.delete(out);
            Files.delete(err);
            return result;
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + command + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Deletes a directory and everything under it (a test's home or state of an earlier run), if it exists. */
    static void deleteTree(Path root) throws IOException {
        if (Files.exists(root)) {
            try (var paths = Files.walk(root)) {
                paths.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }

    static final Path SERVER_LOG = HOME.resolve("domains/lifeboat/logs/server.log");

    static long serverLogSize() throws IOException {
        return Files.size(SERVER_LOG);
    }

    /** Waits until the server logs {@code text} after byte {@code from} of its log (all of it if rotated since). */
    static void awaitServerLog(long from, String text, Duration within) throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(within);
        while (Instant.now().isBefore(deadline)) {
            byte[] log = Files.readAllBytes(SERVER_LOG);
            int start = log.length >= from ? (int) from : 0;
            if (new String(log, start, log.length - start, StandardCharsets.UTF_8).contains(text)) {
                return;
            }
            Thread.sleep(500);
        }
        throw new AssertionError("the server did not log '" + text + "' within " + within.toSeconds() + " s");
    }

    static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    record CommandResult(int exitCode, String stdout, String stderr) {
        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout\n" + stdout + "\n--- stderr\n" + stderr;
        }
    }
}
