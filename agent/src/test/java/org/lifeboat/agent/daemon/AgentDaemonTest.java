package org.lifeboat.agent.daemon;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lifeboat.agent.api.AgentConfiguration;
import org.lifeboat.agent.api.AgentEvent;
import org.lifeboat.agent.api.DiskConfiguration;
import org.lifeboat.agent.api.ReplicationPolicy;
import org.lifeboat.agent.api.Severity;
import org.lifeboat.agent.bookmark.FreezeHooks;
import org.lifeboat.agent.bookmark.HookCommand;
import org.lifeboat.agent.connection.PemCertificate;
import org.lifeboat.agent.connection.ServerAddress;
import org.lifeboat.agent.connection.ServerTrust;
import org.lifeboat.agent.disk.DiskId;
import org.lifeboat.agent.replication.ReplicationSettings;
import org.lifeboat.agent.state.AgentIdentity;
import org.lifeboat.agent.state.Credential;
import org.lifeboat.agent.state.StateDirectory;
import org.lifeboat.agent.state.StateException;
import org.lifeboat.agent.testing.AgentRun;
import org.lifeboat.agent.testing.FakeProcessServer;
import org.lifeboat.agent.testing.RecordingServerApi;
import org.lifeboat.agent.testing.TestCertificate;
import org.lifeboat.protocol.BookmarkRecord;
import org.lifeboat.protocol.Consistency;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The daemon with its control socket, driven through the CLI commands as an operator would. */
class AgentDaemonTest {

    private static final int SIZE = 1 << 20;
    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final DaemonSettings FAST = new DaemonSettings(Duration.ofMillis(200), Duration.ofMillis(100),
            Duration.ofMillis(100), new ReplicationSettings(Duration.ofMillis(20), 64L << 20, Duration.ofMillis(100),
            Duration.ofMillis(20), Duration.ofMillis(200), Duration.ofSeconds(5), Duration.ofSeconds(1),
            Duration.ofSeconds(10), Duration.ofMillis(200)));

    @TempDir
    Path directory;

    private TestCertificate certificate;
    private FakeProcessServer processServer;
    private RecordingServerApi api;
    private StateDirectory state;
    private Path image;
    private AgentDaemon daemon;

    @BeforeEach
    void register() throws Exception {
        certificate = TestCertificate.localhost();
        processServer = new FakeProcessServer(certificate, "agent-1", "secret").addDisk("disk-1", SIZE).addDisk("disk-2", SIZE);
        image = image("disk-1.img");
        byte[] data = new byte[64 * 1024];
        new Random(3).nextBytes(data);
        Files.write(image, data, StandardOpenOption.WRITE);
        AgentConfiguration configuration = configuration(List.of(disk("disk-1", image)));
        AgentIdentity identity = new AgentIdentity("agent-1", new Credential("secret"),
                URI.create("https://localhost:1/lifeboat/api/v1"), processServer.address(), "test-machine");
        state = StateDirectory.create(directory.resolve("state"), identity, certificate.certificate(),
                configuration.toJson().toString());
        api = new RecordingServerApi(configuration);
    }

    @AfterEach
    void stop() throws Exception {
        if (daemon != null) {
            daemon.close();
        }
        processServer.close();
    }

    @Test
    void bookmarkReturnsOnlyOnceTheServerAcknowledgedIt() throws Exception {
        start(FreezeHooks.NONE);
        awaitReplicated("disk-1");
        processServer.holdAcks(true);

        CompletableFuture<AgentRun> bookmark = CompletableFuture.supplyAsync(
                () -> AgentRun.of("bookmark", "--state", state.root().toString(), "--timeout", "20"));
        FakeProcessServer.await("the bookmark record arrives", WAIT, () -> processServer.received("disk-1").stream()
                .anyMatch(BookmarkRecord.class::isInstance));
        Thread.sleep(300);
        assertFalse(bookmark.isDone(), "bookmark returned before the server acknowledged it");

        processServer.holdAcks(false);
        AgentRun run = bookmark.get(20, TimeUnit.SECONDS);

        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().matches("Bookmark [0-9a-f-]{36} CRASH_CONSISTENT is durable on the server.\\R"), run.out());
        assertEquals(Consistency.CRASH_CONSISTENT, journaledBookmark("disk-1", run.out().split(" ")[1]).consistency());
    }

    @Test
    void replicatesToTheProcessServerItWasToldInsteadOfTheConfiguredOne() throws Exception {
        try (FakeProcessServer scaleOut = new FakeProcessServer(certificate, "agent-1", "secret")
                .addDisk("disk-1", SIZE).addDisk("disk-2", SIZE)) {
            daemon = new AgentDaemon(state, api, ServerTrust.pinned(certificate.certificate()), FreezeHooks.NONE,
                    FAST.withProcessServer(scaleOut.address()));
            daemon.start();

            FakeProcessServer.await("disk-1 is replicated to the scale-out process server", WAIT, () -> {
                try {
                    return scaleOut.imageSha256("disk-1").equals(FakeProcessServer.sha256(Files.readAllBytes(image)));
                } catch (IOException e) {
                    return false;
                }
            });
            Thread.sleep(500); // configuration pulls (every 200 ms) must not turn it back to the configured one
            assertEquals(List.of(), processServer.received("disk-1"));
        }
    }

    /**
     * A scale-out process server presents a certificate of its own, not the configuration server's pinned at
     * registration: the configuration names its SHA-256 and the agent accepts exactly that one there.
     */
    @Test
    void replicatesToAProcessServerWithItsOwnCertificateThatTheConfigurationNames() throws Exception {
        TestCertificate own = TestCertificate.generate(directory, "scale-out", "dns:localhost,ip:127.0.0.1");
        try (FakeProcessServer scaleOut = new FakeProcessServer(own, "agent-1", "secret").addDisk("disk-1", SIZE)) {
            api.configuration(configuration(scaleOut.address(),
                    Optional.of(PemCertificate.sha256Hex(own.certificate())), List.of(disk("disk-1", image))));
            start(FreezeHooks.NONE);

            FakeProcessServer.await("disk-1 is replicated to the process server with its own certificate", WAIT, () -> {
                try {
                    return scaleOut.imageSha256("disk-1").equals(FakeProcessServer.sha256(Files.readAllBytes(image)));
                } catch (IOException e) {
                    return false;
                }
            });
        }
    }

    /**
     * A process server presenting another certificate than the one the configuration names for it (here the one pinned
     * at registration, which would have passed before) is refused: nothing is sent, and the status and the log say
     * which certificate it presented and which was expected.
     */
    @Test
    void refusesAProcessServerWhoseCertificateIsNotTheOneTheConfigurationNames() throws Exception {
        String expected = PemCertificate.sha256Hex(
                TestCertificate.generate(directory, "expected", "dns:localhost,ip:127.0.0.1").certificate());
        String presented = PemCertificate.sha256Hex(certificate.certificate());
        api.configuration(configuration(processServer.address(), Optional.of(expected), List.of(disk("disk-1", image))));
        List<String> logged = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.logging.Logger logger = java.util.logging.Logger.getLogger(
                "org.lifeboat.agent.replication.ReplicationClient");
        java.util.logging.Handler handler = new java.util.logging.Handler() {
            @Override
            public void publish(java.util.logging.LogRecord record) {
                logged.add(record.getMessage());
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        logger.addHandler(handler);
        try {
            start(FreezeHooks.NONE);
            String refusal = "refusing the process server " + processServer.address() + ": it presented the certificate "
                    + "SHA-256 " + presented + ", not SHA-256 " + expected + " that the configuration names for it";
            // between retries (the status is CONNECTING during each attempt)
            FakeProcessServer.await("the status shows the refusal", WAIT, () -> AgentRun.of("status", "--state",
                    state.root().toString()).out().matches("(?s)Agent agent-1 running, disconnected from "
                    + java.util.regex.Pattern.quote(processServer.address() + "") + " since [^\\n]*: "
                    + java.util.regex.Pattern.quote(refusal) + "\\.\\R.*"));
            FakeProcessServer.await("the log shows the refusal", WAIT,
                    () -> logged.contains("Replication connection: " + refusal + "; retrying."));
            Thread.sleep(500);
            assertEquals(List.of(), processServer.received("disk-1"));
            assertEquals(List.of(), processServer.hellos());
        } finally {
            logger.removeHandler(handler);
        }
    }

    @Test
    void takesTheFirstPointAsSoonAsInitialReplicationCompletes() throws Exception {
        // the policy's crash-consistent frequency is an hour: only the first point can come at once
        start(FreezeHooks.NONE);
        awaitReplicated("disk-1");

        FakeProcessServer.await("a bookmark follows initial replication", WAIT,
                () -> processServer.received("disk-1").stream().anyMatch(BookmarkRecord.class::isInstance));
        BookmarkRecord first = (BookmarkRecord) processServer.received("disk-1").stream()
                .filter(BookmarkRecord.class::isInstance).findFirst().orElseThrow();
        assertEquals(Consistency.CRASH_CONSISTENT, first.consistency());
        Thread.sleep(1000);
        assertEquals(1, processServer.received("disk-1").stream().filter(BookmarkRecord.class::isInstance).count(),
                "only the first point is taken out of schedule");
    }

    @Test
    void fallsBackToCrashConsistentWhenThePreFreezeCommandFailsAndThawsAnyway() throws Exception {
        Path thawed = directory.resolve("thawed");
        start(FreezeHooks.of(new HookCommand("pre-freeze", "echo cannot freeze /data; exit 3", Duration.ofSeconds(5)),
                new HookCommand("post-thaw", "touch " + thawed, Duration.ofSeconds(5))));
        awaitReplicated("disk-1");

        AgentRun run = AgentRun.of("bookmark", "--state", state.root().toString(), "--app-consistent");

        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().matches("Bookmark [0-9a-f-]{36} CRASH_CONSISTENT is durable on the server.\\R"), run.out());
        String bookmarkId = run.out().split(" ")[1];
        String warning = "The pre-freeze command failed: 'echo cannot freeze /data; exit 3' exited with status 3:"
                + " cannot freeze /data; bookmark " + bookmarkId + " is crash-consistent only.";
        assertEquals(warning + System.lineSeparator(), run.err());
        assertTrue(Files.exists(thawed), "post-thaw did not run");
        FakeProcessServer.await("the warning is posted", WAIT,
                () -> api.events().contains(new AgentEvent(Severity.WARNING, warning)));
        assertEquals(Consistency.CRASH_CONSISTENT, journaledBookmark("disk-1", bookmarkId).consistency());
    }

    @Test
    void takesAnAppConsistentBookmarkBetweenFreezeAndThaw() throws Exception {
        Path log = directory.resolve("hooks.log");
        start(FreezeHooks.of(new HookCommand("pre-freeze", "echo freeze >> " + log, Duration.ofSeconds(5)),
                new HookCommand("post-thaw", "echo thaw >> " + log, Duration.ofSeconds(5))));
        awaitReplicated("disk-1");

        AgentRun run = AgentRun.of("bookmark", "--state", state.root().toString(), "--app-consistent");

        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains(" APP_CONSISTENT is durable"), run.out());
        assertEquals(List.of("freeze", "thaw"), Files.readAllLines(log));
    }

    @Test
    void bookmarkSaysSoWhenNoAgentRuns() {
        AgentRun run = AgentRun.of("bookmark", "--state", state.root().toString());

        assertEquals(7, run.exitCode());
        assertEquals("No agent is running for " + state.root() + "; start it with: lifeboat-agent run --state "
                + state.root() + System.lineSeparator(), run.err());
    }

    @Test
    void statusComesFromTheDaemonAndAfterItStopsFromItsLastReport() throws Exception {
        start(FreezeHooks.NONE);
        awaitReplicated("disk-1");
        FakeProcessServer.await("the initial replication is done", WAIT,
                () -> AgentRun.of("status", "--state", state.root().toString()).out().contains("DELTA"));

        AgentRun running = AgentRun.of("status", "--state", state.root().toString());
        daemon.close();
        AgentRun stopped = AgentRun.of("status", "--state", state.root().toString());

        assertEquals(0, running.exitCode(), running.err());
        assertTrue(running.out().startsWith("Agent agent-1 running, connected to " + processServer.address()), running.out());
        assertTrue(running.out().matches("(?s).*disk-1 +DELTA +0 B +\\d+ +connected +" + image + ".*"), running.out());
        assertEquals(7, stopped.exitCode());
        assertTrue(stopped.out().startsWith("Agent agent-1: agent not running (last status at "), stopped.out());
        assertTrue(stopped.out().matches("(?s).*disk-1 +DELTA +0 B +\\d+ +stopped .*"), stopped.out());
    }

    @Test
    void keepsItsSocketPrivateAndRunsOnlyOncePerStateDirectory() throws Exception {
        start(FreezeHooks.NONE);

        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(state.controlSocket())));
        AgentDaemon second = new AgentDaemon(state, api, ServerTrust.pinned(certificate.certificate()), FreezeHooks.NONE,
                FAST);
        StateException refused = assertThrows(StateException.class, second::start);
        assertEquals("An agent is already running for " + state.root() + ".", refused.getMessage());
    }

    @Test
    void heartbeatsAndAppliesAChangedConfigurationWithoutARestart() throws Exception {
        start(FreezeHooks.NONE);
        FakeProcessServer.await("a heartbeat", WAIT, () -> !api.heartbeats().isEmpty());
        assertEquals(DiskId.of("disk-1"), api.heartbeats().get(0).disks().get(0).diskId());

        Path second = image("disk-2.img");
        Files.write(second, new byte[] {1, 2, 3}, StandardOpenOption.WRITE);
        api.configuration(configuration(List.of(disk("disk-1", image), disk("disk-2", second))));

        awaitReplicated("disk-2");
        assertTrue(Files.readString(state.configurationFile()).contains("disk-2.img"));
    }

    @Test
    void reportsTheEndOfInitialReplicationAtOnceNotAtTheNextHeartbeat() throws Exception {
        // an hour between heartbeats: only the one at the start comes by schedule
        AgentConfiguration hourly = new AgentConfiguration("agent-1", processServer.address(), Optional.empty(),
                List.of(disk("disk-1", image)), new ReplicationPolicy(Duration.ofMinutes(60), Duration.ZERO,
                Duration.ofMinutes(30)), Duration.ofHours(1));
        Files.writeString(state.configurationFile(), hourly.toJson().toString());
        api.configuration(hourly);
        start(FreezeHooks.NONE);
        awaitReplicated("disk-1");

        FakeProcessServer.await("a heartbeat saying the disk is past its initial replication", WAIT,
                () -> api.heartbeats().stream().anyMatch(beat -> !beat.disks().get(0).initial()));
    }

    @Test
    void stopsWhenTheServerRevokesTheAgent() throws Exception {
        start(FreezeHooks.NONE);

        api.revoke();

        CompletableFuture<String> stopped = CompletableFuture.supplyAsync(() -> {
            try {
                return daemon.awaitStop();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        assertEquals("no longer accepts this agent (HTTP 401: agent revoked)", stopped.get(10, TimeUnit.SECONDS));
        assertFalse(Files.exists(state.controlSocket()));
    }

    private BookmarkRecord journaledBookmark(String diskId, String bookmarkId) {
        return processServer.journal(diskId).stream().filter(BookmarkRecord.class::isInstance)
                .map(BookmarkRecord.class::cast).filter(record -> record.bookmarkId().equals(bookmarkId))
                .findFirst().orElseThrow(() -> new AssertionError("no bookmark " + bookmarkId + " in the journal"));
    }

    private void start(FreezeHooks hooks) throws Exception {
        daemon = new AgentDaemon(state, api, ServerTrust.pinned(certificate.certificate()), hooks, FAST);
        daemon.start();
    }

    private void awaitReplicated(String diskId) throws InterruptedException {
        Path disk = diskId.equals("disk-1") ? image : directory.resolve(diskId + ".img");
        FakeProcessServer.await(diskId + " is replicated", WAIT, () -> {
            try {
                return processServer.imageSha256(diskId).equals(FakeProcessServer.sha256(Files.readAllBytes(disk)));
            } catch (IOException e) {
                return false;
            }
        });
    }

    private AgentConfiguration configuration(List<DiskConfiguration> disks) {
        return configuration(processServer.address(), Optional.empty(), disks);
    }

    private static AgentConfiguration configuration(ServerAddress processServer, Optional<String> certificateSha256,
                                                    List<DiskConfiguration> disks) {
        return new AgentConfiguration("agent-1", processServer, certificateSha256, disks,
                new ReplicationPolicy(Duration.ofMinutes(60), Duration.ZERO, Duration.ofMinutes(30)), Duration.ofSeconds(1));
    }

    private static DiskConfiguration disk(String diskId, Path path) {
        return new DiskConfiguration(DiskId.of(diskId), path, SIZE, true);
    }

    private Path image(String name) throws Exception {
        Path path = directory.resolve(name);
        try (RandomAccessFile file = new RandomAccessFile(path.toFile(), "rw")) {
            file.setLength(SIZE);
        }
        return path;
    }

    @Test
    void aRefusalNamingTheOwnerMakesItPullItsConfigurationOtherFailuresDoNot() {
        java.time.Instant at = java.time.Instant.now();
        assertTrue(AgentDaemon.refusedForAssignment(new org.lifeboat.agent.replication.ConnectionState(
                org.lifeboat.agent.replication.ConnectionState.Phase.DISCONNECTED, "ps1:13443",
                "the server refused the session: SERVER_BUSY: protected item 'web' is assigned to process server "
                        + "'builtin', not 'ps1': pull the configuration again and replicate there", at)));
        assertFalse(AgentDaemon.refusedForAssignment(new org.lifeboat.agent.replication.ConnectionState(
                org.lifeboat.agent.replication.ConnectionState.Phase.DISCONNECTED, "ps1:13443",
                "Connection refused", at)));
        assertFalse(AgentDaemon.refusedForAssignment(new org.lifeboat.agent.replication.ConnectionState(
                org.lifeboat.agent.replication.ConnectionState.Phase.CONNECTED, "ps1:13443", "lifeboat-process-server",
                at)));
    }
}
