package org.lifeboat.seeddisk;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The repository's pinned Azurite blob service on a free loopback port, in memory, for tests. It is
 * installed from domain-config/azurite's lock file when a fresh checkout does not have it yet.
 */
public final class AzuriteBlob implements AutoCloseable {

    /** Azurite's well-known development account; not a secret. */
    private static final String ACCOUNT_KEY =
            "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
    private static final Path AZURITE_DIR = Path.of(System.getProperty("user.dir"), "..", "domain-config", "azurite")
            .normalize();
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);

    private final Process process;
    private final Path log;
    private final int port;

    private AzuriteBlob(Process process, Path log, int port) {
        this.process = process;
        this.log = log;
        this.port = port;
    }

    public static AzuriteBlob start(Path workDirectory) throws IOException, InterruptedException {
        Path executable = AZURITE_DIR.resolve("node_modules/.bin/azurite-blob");
        if (!Files.isExecutable(executable)) {
            install();
        }
        int port = freePort();
        Path log = workDirectory.resolve("azurite.log");
        // in memory, so no --location (Azurite refuses both); it runs in the work directory all the same
        Process process = new ProcessBuilder(List.of(executable.toString(), "--blobHost", "127.0.0.1",
                "--blobPort", Integer.toString(port), "--inMemoryPersistence", "--skipApiVersionCheck", "--loose",
                "--disableTelemetry"))
                .directory(workDirectory.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        AzuriteBlob azurite = new AzuriteBlob(process, log, port);
        azurite.awaitListening();
        return azurite;
    }

    public String connectionString() {
        return "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=" + ACCOUNT_KEY
                + ";BlobEndpoint=http://127.0.0.1:" + port + "/devstoreaccount1;";
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    private void awaitListening() throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Azurite exited with " + process.exitValue() + ": " + logText());
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                Thread.sleep(100);
            }
        }
        close();
        throw new IllegalStateException("Azurite did not listen on port " + port + " within " + START_TIMEOUT + ": "
                + logText());
    }

    private String logText() throws IOException {
        return Files.readString(log, StandardCharsets.UTF_8);
    }

    private static void install() throws IOException, InterruptedException {
        Process npm;
        try {
            npm = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund", "--loglevel=error")
                    .directory(AZURITE_DIR.toFile())
                    .redirectErrorStream(true)
                    .start();
        } catch (IOException e) {
            throw new IllegalStateException("Azurite is not installed in " + AZURITE_DIR
                    + " and npm is not available to install it: install Node.js and npm", e);
        }
        String output = new String(npm.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!npm.waitFor(5, TimeUnit.MINUTES) || npm.exitValue() != 0) {
            throw new IllegalStateException("npm ci in " + AZURITE_DIR + " failed: " + output);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
