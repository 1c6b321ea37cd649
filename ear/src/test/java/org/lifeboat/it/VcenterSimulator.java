package org.lifeboat.it;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A vCenter for the tests: govmomi's simulator (vcsim) behind the adaptations yavijava needs
 * ({@code src/test/vcsim/main.go}), built with Debian's Go and govmomi packages on first use. Each
 * start presents a fresh self-signed certificate, so restarting it on the same port looks like a
 * vCenter whose certificate changed.
 */
final class VcenterSimulator implements AutoCloseable {

    private static final Path SOURCE = Path.of(System.getProperty("lifeboat.launcher")).getParent()
            .resolve("ear/src/test/vcsim/main.go");
    private static final Path WORK = Path.of(System.getProperty("lifeboat.launcher")).getParent()
            .resolve("ear/target/vcsim");
    private static final Path BINARY = WORK.resolve("vcsim");
    private static final Pattern LISTENING = Pattern.compile("LISTENING https://([^/:]+):(\\d+)/sdk");

    final String user;
    final String password;
    final Path certificate;
    private Process process;
    private int port;

    private VcenterSimulator(String user, String password, Path certificate) {
        this.user = user;
        this.password = password;
        this.certificate = certificate;
    }

    /** A simulator on a free port of 127.0.0.1 that accepts only this user and password. */
    static VcenterSimulator start(String user, String password) throws Exception {
        build();
        VcenterSimulator simulator = new VcenterSimulator(user, password, Files.createTempFile(WORK, "cert", ".pem"));
        simulator.launch(0);
        return simulator;
    }

    /**
     * Adds this simulator to the stack as vCenter vc1 of {@code fabric} (its certificate trusted on first use), waits
     * for the discovery, and returns the id of its first discovered VM as a protectable item (ids sorted).
     */
    String addAndDiscover(String fabric) throws InterruptedException {
        HttpResponse<String> added = LifeboatStack.sendAsAdmin("PUT", "/fabrics/" + fabric + "/vcenters/vc1",
                jakarta.json.Json.createObjectBuilder().add("host", "127.0.0.1").add("port", port).add("user", user)
                        .add("password", password).add("trustOnFirstUse", true).build().toString());
        String state = ApiJobs.awaitEnd(added, Duration.ofMinutes(2)).getString("state");
        if (!state.equals("Succeeded")) {
            throw new IllegalStateException("the discovery of the simulator ended " + state);
        }
        return JsonBodies.array(LifeboatStack.getAsAdmin("/protectableItems").body())
                .getValuesAs(jakarta.json.JsonObject.class).stream()
                .filter(i -> i.get("vm") instanceof jakarta.json.JsonObject vm && vm.getString("fabric").equals(fabric))
                .map(i -> i.getString("id")).sorted().findFirst().orElseThrow();
    }

    /** Stops and starts it again on the same port: a new certificate, a fresh inventory. */
    void restart() throws Exception {
        stop();
        launch(port);
    }

    private void launch(int onPort) throws Exception {
        // a restart may find the port still held for a moment: the simulator then exits, and we try again
        for (int attempt = 1; attempt <= 20; attempt++) {
            process = new ProcessBuilder(BINARY.toString(), "-listen", "127.0.0.1:" + onPort, "-user", user,
                    "-password", password, "-certout", certificate.toString())
                    .redirectError(WORK.resolve("vcsim.err").toFile()).start();
            BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8));
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                Matcher m = LISTENING.matcher(line);
                if (m.find()) {
                    port = Integer.parseInt(m.group(2));
                    return;
                }
            }
            process.waitFor(10, TimeUnit.SECONDS);
            Thread.sleep(250);
        }
        throw new IllegalStateException("the vCenter simulator did not start: " + Files.readString(WORK.resolve("vcsim.err")));
    }

    int port() {
        return port;
    }

    String certificatePem() throws IOException {
        return Files.readString(certificate);
    }

    String certificateFingerprint() throws Exception {
        try (var in = Files.newInputStream(certificate)) {
            byte[] der = CertificateFactory.getInstance("X.509").generateCertificate(in).getEncoded();
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(der));
        }
    }

    /** Powers the VM off and destroys it, through the simulator's own SOAP API. */
    void destroy(String vm) throws Exception {
        HttpClient client = HttpClient.newBuilder().sslContext(LifeboatStack.trusting(certificate)).build();
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(
                        URI.create("https://127.0.0.1:" + port + "/lifeboat/destroy?vm=" + vm))
                .timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("destroying " + vm + " failed: " + response.body());
        }
    }

    private void stop() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }

    @Override
    public void close() throws Exception {
        stop();
        Files.deleteIfExists(certificate);
    }

    /** Builds the simulator unless the binary is newer than its source (a first build takes minutes). */
    private static synchronized void build() throws Exception {
        Files.createDirectories(WORK);
        if (Files.exists(BINARY) && Files.getLastModifiedTime(BINARY).compareTo(Files.getLastModifiedTime(SOURCE)) > 0) {
            return;
        }
        if (!Files.isDirectory(Path.of("/usr/share/gocode/src/github.com/vmware/govmomi/simulator"))) {
            throw new IllegalStateException("the vCenter simulator needs Go and govmomi: apt-get install golang-go "
                    + "golang-github-vmware-govmomi-dev (./lifeboat test installs them)");
        }
        // built under a name of this JVM's, then moved into place: the Derby and PostgreSQL suites run at once
        // (./lifeboat test), and neither may start the other's half-written binary
        long pid = ProcessHandle.current().pid();
        Path built = WORK.resolve("vcsim." + pid);
        Path log = WORK.resolve("build." + pid + ".log");
        ProcessBuilder go = new ProcessBuilder(List.of("go", "build", "-o", built.toString(), SOURCE.toString()))
                .redirectErrorStream(true).redirectOutput(log.toFile());
        go.environment().put("GO111MODULE", "off");
        go.environment().put("GOPATH", WORK.resolve("gopath") + ":/usr/share/gocode");
        go.environment().put("GOFLAGS", "");
        Process build = go.start();
        if (!build.waitFor(15, TimeUnit.MINUTES) || build.exitValue() != 0) {
            build.destroyForcibly();
            throw new IllegalStateException("building the vCenter simulator failed: " + Files.readString(log));
        }
        Files.move(built, BINARY, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
