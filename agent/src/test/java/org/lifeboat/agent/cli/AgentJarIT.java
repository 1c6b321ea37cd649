package org.lifeboat.agent.cli;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lifeboat.agent.api.AgentConfiguration;
import org.lifeboat.agent.api.DiskConfiguration;
import org.lifeboat.agent.api.ReplicationPolicy;
import org.lifeboat.agent.connection.ServerAddress;
import org.lifeboat.agent.disk.DiskId;
import org.lifeboat.agent.state.AgentIdentity;
import org.lifeboat.agent.state.Credential;
import org.lifeboat.agent.state.StateDirectory;
import org.lifeboat.agent.testing.FakeProcessServer;
import org.lifeboat.agent.testing.TestCertificate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The packaged jar runs on its own, as the server's tests and operators run it. */
class AgentJarIT {

    /** Set by the build, which knows where it put the jar. */
    private static final Path JAR = Path.of(System.getProperty("lifeboat.agent.jar"));

    @TempDir
    Path directory;

    @Test
    void printsItsVersion() throws Exception {
        Result result = run("version");

        assertEquals(0, result.exitCode(), result.output());
        assertTrue(result.output().matches("lifeboat-agent \\d+\\.\\d+\\.\\d+(-SNAPSHOT)? \\(protocol 1\\)\\R"),
                result.output());
    }

    @Test
    void exitsWithThePingFailureCode() throws Exception {
        Result result = run("ping", "--server", "no-such-host.invalid:9443");

        assertEquals(ExitCodes.UNREACHABLE, result.exitCode(), result.output());
    }

    @Test
    void runsAsADaemonReportsItsStatusAndStopsCleanlyOnSigterm() throws Exception {
        int closedPort = closedPort();
        Path disk = directory.resolve("disk.img");
        try (RandomAccessFile file = new RandomAccessFile(disk.toFile(), "rw")) {
            file.setLength(1 << 20);
            file.write(new byte[] {1, 2, 3});
        }
        ServerAddress nowhere = new ServerAddress("localhost", closedPort);
        AgentConfiguration configuration = new AgentConfiguration("agent-1", nowhere, java.util.Optional.empty(),
                List.of(new DiskConfiguration(DiskId.of("disk-1"), disk, 1 << 20, true)), ReplicationPolicy.DEFAULT,
                Duration.ofSeconds(30));
        StateDirectory state = StateDirectory.create(directory.resolve("state"), new AgentIdentity("agent-1",
                        new Credential("secret"), URI.create("https://localhost:" + closedPort + "/lifeboat/api/v1"), nowhere,
                        "jar-test"), TestCertificate.localhost().certificate(), configuration.toJson().toString());
        Path log = directory.resolve("run.log");

        Process daemon = command("run", "--state", state.root().toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            try {
                FakeProcessServer.await("the daemon has scanned the disk", Duration.ofSeconds(20),
                        () -> statusOutput(state).contains("INITIAL 93%"));
            } catch (AssertionError e) {
                throw new AssertionError(e.getMessage() + "; status:\n" + statusOutput(state) + "\nlog:\n"
                        + Files.readString(log), e);
            }
            Result running = run("status", "--state", state.root().toString());
            assertEquals(0, running.exitCode(), running.output());
            assertTrue(running.output().startsWith("Agent agent-1 running, disconnected from localhost:" + closedPort),
                    running.output());
        } finally {
            daemon.destroy();
        }
        assertTrue(daemon.waitFor(20, TimeUnit.SECONDS), "the daemon did not stop on SIGTERM");
        Result stopped = run("status", "--state", state.root().toString());

        String output = Files.readString(log);
        assertFalse(output.contains("\tat "), output);
        assertTrue(output.contains("INFO Agent stopped."), output);
        assertEquals(ExitCodes.NOT_RUNNING, stopped.exitCode(), stopped.output());
        assertTrue(stopped.output().startsWith("Agent agent-1: agent not running"), stopped.output());
        assertTrue(Files.exists(state.diskDirectory(DiskId.of("disk-1")).resolve("acknowledged.map")));
    }

    private static String statusOutput(StateDirectory state) {
        try {
            return run("status", "--state", state.root().toString()).output();
        } catch (IOException | InterruptedException e) {
            return e.toString();
        }
    }

    private record Result(int exitCode, String output) {
    }

    private static Result run(String... arguments) throws IOException, InterruptedException {
        Process process = command(arguments).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(30, TimeUnit.SECONDS), "the agent did not exit");
        return new Result(process.exitValue(), output);
    }

    private static ProcessBuilder command(String... arguments) {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> command = new ArrayList<>(List.of(java.toString(), "-jar", JAR.toString()));
        command.addAll(List.of(arguments));
        return new ProcessBuilder(command);
    }

    private static int closedPort() throws IOException {
        try (ServerSocket released = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return released.getLocalPort();
        }
    }
}
