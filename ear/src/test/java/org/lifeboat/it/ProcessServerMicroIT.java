package org.lifeboat.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * A scale-out process server (docs/scale-out.md): Payara Micro running the replication adapter and the
 * process-server WAR, started by {@code lifeboat process-server start} in a home and on a port base of its own,
 * sharing the PostgreSQL stack's database and storage account. A real agent registered with the configuration
 * server replicates through it, and the recovery point it makes equals the source disk. Started with
 * {@code --config-server} and the passphrase, it registers with the configuration server first (a wrong passphrase
 * is refused before Micro starts) and heartbeats its health into {@code GET /processServers}. Its replication port
 * presents a key pair of its own, made at its first start, whose certificate it registered and its agents pin.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ProcessServerMicroIT {

    private static final Path PASSWORD_FILE = Path.of(System.getProperty("lifeboat.database.password.file"));
    private static final int PORT_BASE = Integer.getInteger("lifeboat.process-server.port.base", 18600);
    /** Its own: killed, its home deleted, restarted with the old one and killed again by the re-homing test. */
    private static final String NAME = "it-micro";
    private static final MicroProcessServer FIRST = new MicroProcessServer(NAME, PORT_BASE);
    private static final Path PS_HOME = FIRST.home;
    private static final int REPLICATION_PORT = PORT_BASE + 1443;
    /** A second Micro process server, beside the first: items spread over both. The run's shared one. */
    private static final Path PS_HOME_2 = MicroProcessServer.sharedHome();
    private static final String NAME_2 = MicroProcessServer.SHARED_NAME;

    @TempDir
    Path dir;

    /** What the operator gives a process server at its first start: the configuration server's shared parts. */
    private static Map<String, String> settings() {
        return FIRST.settings();
    }

    /** The launcher's {@code process-server} command in a home of a test, on the first one's port base. */
    private static LifeboatStack.CommandResult processServer(Path home, Map<String, String> settings, String... args) {
        String[] command = new String[args.length + 1];
        command[0] = "process-server";
        System.arraycopy(args, 0, command, 1, args.length);
        return LifeboatStack.launcherIn(home, PORT_BASE, settings, Duration.ofMinutes(15), command);
    }

    @BeforeAll
    void startTheProcessServers() throws IOException {
        // a fresh home each run: registration happens at every run's start (its name registered again by an
        // earlier run keeps its id), and no credential of an earlier run is used; a fresh home makes a new key pair,
        // so the name an earlier run registered (the stack's database outlives runs) is rebuilt: its certificate
        // replaced. Each start costs 60-170 s here: the first one and the shared one (unless an earlier class
        // started it) start side by side.
        MicroProcessServer.startWithTheShared(FIRST);
        for (MicroProcessServer server : List.of(FIRST, MicroProcessServer.shared())) {
            assertTrue(server.started().stdout().contains("Replication port: localhost:" + (server.portBase + 1443)),
                    server.started().stdout());
        }
    }

    @AfterAll
    void stopTheFirstProcessServer() {
        FIRST.close(); // the shared one runs on for the run's other classes
    }

    private static String processServerLogTail() throws IOException {
        return FIRST.logTail();
    }


    @Test
    @Order(1)
    void itIsHealthyAndItsSecretsAreItsOwnersOnly() throws IOException {
        LifeboatStack.CommandResult status = processServer(PS_HOME, Map.of(), "status");
        assertEquals(0, status.exitCode(), status.toString());
        assertTrue(status.stdout().contains("\"status\":\"UP\""), status.stdout());
        assertTrue(status.stdout().contains("Configuration server: " + LifeboatStack.access().get("API")),
                status.stdout());

        String password = LifeboatStack.read(PASSWORD_FILE).strip();
        for (Path secret : List.of(PS_HOME.resolve("secrets/pgpass"),
                PS_HOME.resolve("secrets/storage-connection-string"), PS_HOME.resolve("secrets/vault-key"),
                PS_HOME.resolve("secrets/tls-keystore-password"), PS_HOME.resolve("secrets/registration-passphrase"),
                PS_HOME.resolve("secrets/process-server-id"), PS_HOME.resolve("secrets/process-server-credential"),
                PS_HOME.resolve("tls/config-server.pem"), PS_HOME.resolve("tls/server.p12"),
                PS_HOME.resolve("tls/server-key.pem"))) {
            assertEquals(PosixFilePermissions.fromString("rw-------"), Files.getPosixFilePermissions(secret),
                    secret.toString());
        }
        // the database password is in its secret file only: not in Micro's boot commands, its domain or its log
        for (Path file : List.of(PS_HOME.resolve("run/postboot.asadmin"), PS_HOME.resolve("process-server.conf"),
                PS_HOME.resolve("logs/process-server.log"))) {
            assertFalse(LifeboatStack.read(file).contains(password), file + " holds the database password");
        }
        try (var files = Files.walk(PS_HOME.resolve("micro"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".xml")).toList()) {
                assertFalse(LifeboatStack.read(file).contains(password), file + " holds the database password");
            }
        }
    }

    /**
     * Its own key pair: the certificate its replication port presents (read from a TLS handshake) is not the
     * configuration server's, is the one in its home, and is the one the configuration server lists for it (which its
     * agents pin); the built-in one is listed with the configuration server's.
     */
    @Test
    @Order(1)
    void itsReplicationPortPresentsItsOwnCertificateTheOneListed() {
        String presented = LifeboatStack.presentedCertificateSha256("localhost", REPLICATION_PORT);
        String configurationServer = LifeboatStack.presentedCertificateSha256("localhost",
                Integer.parseInt(LifeboatStack.replicationAddress().replaceAll(".*:", "")));
        assertEquals(LifeboatStack.certificateSha256(LifeboatStack.serverCertificate()), configurationServer);
        assertNotEquals(configurationServer, presented, "the process server presents the configuration server's certificate");
        assertEquals(LifeboatStack.certificateSha256(PS_HOME.resolve("tls/server-cert.pem")), presented);

        JsonObject listed = listed().stream().filter(ps -> ps.getString("name").equals(NAME)).findFirst().orElseThrow();
        assertEquals(presented, listed.getString("certificateSha256"), listed.toString());
        assertEquals(configurationServer, listed().get(0).getString("certificateSha256"), listed().get(0).toString());
        LifeboatStack.CommandResult status = processServer(PS_HOME, Map.of(), "status");
        assertTrue(status.stdout().contains("Certificate: SHA-256 " + presented), status.stdout());
        // its registration's event names it (registered, or registered again replacing an earlier run's)
        assertTrue(Events.about("processServer/" + NAME, 50).stream().anyMatch(e -> e.contains("SHA-256 " + presented)),
                Events.about("processServer/" + NAME, 50).toString());
    }

    @Test
    @Order(2)
    void anItemAssignedToItReplicatesThroughItAndSwitchedMidStreamThePointEqualsTheSource() throws Exception {
        // no --process-server: the agent follows its configuration, which names its item's process server
        try (ReplicatingMachine machine = ReplicatingMachine.startEnabledBy(dir, "micro-it", agentId -> {
            String diskId = enable("micro-it", agentId);
            if (!NAME.equals(item("micro-it").getString("processServer"))) {
                assertEquals(200, switchItem("micro-it", NAME).statusCode());
            }
            return diskId;
        })) {
            machine.disk.scatter(2L << 20, new Random(13));
            String sha = machine.disk.sha256();
            String point = machine.bookmark();
            assertEquals(sha, machine.imageSha(point), machine.diagnosis());

            // the agent's data went through the Micro process server, not the configuration server's own port
            String log = LifeboatStack.read(PS_HOME.resolve("logs/process-server.log"));
            assertTrue(log.contains("(" + machine.agentId + ") connected"), "no connection of agent "
                    + machine.agentId + " in the process server's log\n" + processServerLogTail());
            assertFalse(LifeboatStack.read(LifeboatStack.SERVER_LOG).contains("(" + machine.agentId + ") connected"),
                    "the agent connected to the configuration server's replication port");
            assertEquals(List.of("micro-it"), itemsOf(NAME));
            assertFalse(itemsOf("builtin").contains("micro-it"));
            long epoch = item("micro-it").getJsonNumber("processServerEpoch").longValue();

            // refusals change nothing
            HttpResponse<String> noItem = switchItem("no-such-item", "builtin");
            assertEquals(404, noItem.statusCode(), noItem.body());
            assertEquals("no protected item 'no-such-item'", JsonBodies.object(noItem.body()).getString("error"));
            HttpResponse<String> noServer = switchItem("micro-it", "no-such-ps");
            assertEquals(404, noServer.statusCode(), noServer.body());
            assertEquals("no process server 'no-such-ps'", JsonBodies.object(noServer.body()).getString("error"));
            HttpResponse<String> same = switchItem("micro-it", NAME);
            assertEquals(409, same.statusCode(), same.body());
            assertEquals("'micro-it' is assigned to process server '" + NAME + "' already",
                    JsonBodies.object(same.body()).getString("error"));
            HttpResponse<String> noTarget = LifeboatStack.sendAsAdmin("POST", "/protectedItems/micro-it/switchProcessServer", "{}");
            assertEquals(400, noTarget.statusCode(), noTarget.body());
            assertEquals("processServer", JsonBodies.object(noTarget.body()).getString("field"));
            assertEquals(epoch, item("micro-it").getJsonNumber("processServerEpoch").longValue());

            // switched to the built-in process server while the machine keeps writing
            try (WriteBurst burst = WriteBurst.start(machine.disk, new Random(14))) {
                Thread.sleep(3000);
                HttpResponse<String> switched = switchItem("micro-it", "builtin");
                assertEquals(200, switched.statusCode(), switched.body());
                JsonObject moved = JsonBodies.object(switched.body());
                assertEquals(NAME, moved.getString("from"));
                assertEquals(epoch + 1, moved.getJsonNumber("epoch").longValue());
                // the agent follows its configuration (pulled every minute) to the built-in one's port
                machine.awaitLog(LifeboatStack.SERVER_LOG, "(" + machine.agentId + ") connected", Duration.ofMinutes(3));
                Thread.sleep(3000);
            }
            String after = machine.disk.sha256();
            String switchedPoint = machine.bookmark();
            assertEquals(after, machine.imageSha(switchedPoint), machine.diagnosis());
            assertEquals("builtin", item("micro-it").getString("processServer"));
            assertEquals(List.of(), itemsOf(NAME));
            assertTrue(itemsOf("builtin").contains("micro-it"));
            // the Micro process server's applier stopped applying the disk it no longer holds: the segments it still
            // received after the switch went to the cache container for the built-in one to apply
            machine.awaitLog(PS_HOME.resolve("logs/process-server.log"), "Stopped applying disk " + machine.diskId
                    + ": 'micro-it' is assigned to process server 'builtin' (epoch " + (epoch + 1) + ")",
                    Duration.ofSeconds(30));
        }
    }

    /**
     * Two process servers, six agents spread over them (three each, assigned before each agent's first session):
     * every agent replicates through its own item's process server, and every point equals its source.
     */
    @Test
    @Order(2)
    void sixAgentsSpreadOverTwoProcessServersEveryPointEqualsItsSource() throws Exception {
        List<String> servers = List.of(NAME, NAME_2, NAME, NAME_2, NAME, NAME_2);
        List<ReplicatingMachine> machines = new java.util.ArrayList<>();
        java.util.concurrent.ExecutorService starts = java.util.concurrent.Executors.newFixedThreadPool(servers.size());
        try {
            List<java.util.concurrent.Future<ReplicatingMachine>> started = new java.util.ArrayList<>();
            for (int i = 0; i < servers.size(); i++) {
                String item = "spread-" + i;
                String server = servers.get(i);
                started.add(starts.submit(() -> ReplicatingMachine.startEnabledBy(dir, item, agentId -> {
                    String diskId = enable(item, agentId);
                    if (!server.equals(item(item).getString("processServer"))) {
                        assertEquals(200, switchItem(item, server).statusCode());
                    }
                    return diskId;
                })));
            }
            AssertionError failed = null;
            for (var machine : started) {
                try {
                    machines.add(machine.get(10, java.util.concurrent.TimeUnit.MINUTES));
                } catch (java.util.concurrent.ExecutionException e) {
                    failed = failed == null ? new AssertionError("an agent did not start", e.getCause()) : failed;
                }
            }
            if (failed != null) {
                throw failed;
            }
            assertEquals(List.of("spread-0", "spread-2", "spread-4"), itemsOf(NAME).stream().sorted().toList());
            assertEquals(List.of("spread-1", "spread-3", "spread-5"), itemsOf(NAME_2).stream().sorted().toList());

            for (ReplicatingMachine machine : machines) {
                machine.disk.scatter(1L << 20, new Random(machine.item.hashCode()));
            }
            for (int i = 0; i < machines.size(); i++) {
                ReplicatingMachine machine = machines.get(i);
                String sha = machine.disk.sha256();
                String point = machine.bookmark();
                assertEquals(sha, machine.imageSha(point), machine.diagnosis());
                // its data went through its own process server, not the other one
                Path own = servers.get(i).equals(NAME) ? PS_HOME : PS_HOME_2;
                Path other = own.equals(PS_HOME) ? PS_HOME_2 : PS_HOME;
                String connected = "(" + machine.agentId + ") connected";
                assertTrue(LifeboatStack.read(own.resolve("logs/process-server.log")).contains(connected),
                        machine.item + ": no connection in " + own);
                assertFalse(LifeboatStack.read(other.resolve("logs/process-server.log")).contains(connected),
                        machine.item + " connected to the process server it is not assigned to");
            }
        } finally {
            starts.shutdownNow();
            for (ReplicatingMachine machine : machines) {
                machine.close();
            }
        }
    }

    private static String enable(String item, String agentId) {
        HttpResponse<String> enabled = LifeboatStack.sendAsAdmin("PUT", "/protectedItems/" + item,
                "{\"agentId\":\"" + agentId + "\"}");
        assertEquals(200, enabled.statusCode(), enabled.body());
        return JsonBodies.object(enabled.body()).getJsonArray("disks").getJsonObject(0).getString("diskId");
    }

    private static JsonObject item(String name) {
        HttpResponse<String> response = LifeboatStack.getAsAdmin("/protectedItems/" + name);
        assertEquals(200, response.statusCode(), response.body());
        return JsonBodies.object(response.body());
    }

    private static HttpResponse<String> switchItem(String item, String target) {
        return LifeboatStack.sendAsAdmin("POST", "/protectedItems/" + item + "/switchProcessServer",
                "{\"processServer\":\"" + target + "\"}");
    }

    private static List<String> itemsOf(String processServer) {
        return listed().stream().filter(ps -> ps.getString("name").equals(processServer)).findFirst().orElseThrow()
                .getJsonArray("items").getValuesAs(jakarta.json.JsonString.class).stream()
                .map(jakarta.json.JsonString::getString).toList();
    }

    /**
     * Losing a process server: kill -9 during a write burst, and its home (journal included) deleted; with the
     * heartbeat timeout set short, the configuration server moves the item to another one (the built-in one or the
     * second Micro one, whichever is healthier), the agent follows, and the next point equals the source. Then the
     * killed server comes back with its old home restored (copied aside just before the kill, its journal holding
     * the disk's last segments): it must not write to the disk it no longer owns. Its applier says why it stopped,
     * and the seed blob is unchanged (ETag, last-modified, SHA-256) after it ran for a while.
     */
    @Test
    @Order(6)
    void killedItsItemsMoveWithinTheTimeoutAndRestartedWithItsOldHomeItWritesNothing() throws Exception {
        LifeboatStack.asadmin("create-system-properties", "lifeboat.process-server.heartbeat-timeout=15");
        Path aside = dir.resolve("home-before-kill");
        try (ReplicatingMachine machine = ReplicatingMachine.startEnabledBy(dir, "rehome-it", agentId -> {
            String diskId = enable("rehome-it", agentId);
            if (!NAME.equals(item("rehome-it").getString("processServer"))) {
                HttpResponse<String> switched = switchItem("rehome-it", NAME);
                assertEquals(200, switched.statusCode(), switched.body());
            }
            return diskId;
        })) {
            machine.awaitLog(PS_HOME.resolve("logs/process-server.log"), "(" + machine.agentId + ") connected",
                    Duration.ofMinutes(1));
            long epoch = item("rehome-it").getJsonNumber("processServerEpoch").longValue();
            long pid = FIRST.pid();
            Instant killed;
            String owner;
            try (WriteBurst burst = WriteBurst.start(machine.disk, new Random(16))) {
                Thread.sleep(3000);
                // storage away for a few seconds (the journal seals a segment at 2 s of age): the journal holds
                // segments of the disk not yet in Azure when the copy is taken, so the restarted server has some to
                // apply, and must refuse to
                AzuriteStorage.pauseProcess();
                try {
                    Thread.sleep(6000);
                    copyHome(PS_HOME, aside); // what a backup of the machine would hold: journal, secrets, settings
                    killed = Instant.now();
                    LifeboatStack.kill9(pid, "the Micro process server");
                } finally {
                    AzuriteStorage.resumeProcess();
                }
                LifeboatStack.deleteTree(PS_HOME);
                try (var copied = Files.walk(aside.resolve("cache"))) {
                    assertTrue(copied.anyMatch(f -> f.getFileName().toString().endsWith(".seg")
                            && f.toString().contains(machine.diskId)), "the copied home holds no segment of the disk");
                }

                // the timeout (15 s) plus the re-homing tick (10 s), with room for a loaded machine
                long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
                while (NAME.equals(item("rehome-it").getString("processServer")) && System.nanoTime() < deadline) {
                    Thread.sleep(1000);
                }
                JsonObject moved = item("rehome-it");
                owner = moved.getString("processServer");
                assertTrue(List.of("builtin", NAME_2).contains(owner), moved.toString());
                assertEquals(epoch + 1, moved.getJsonNumber("processServerEpoch").longValue());
                System.out.println("Re-homed to " + owner + " " + Duration.between(killed, Instant.now()).toSeconds()
                        + " s after kill -9");
                // the agent follows its configuration to the new owner while the burst goes on
                machine.awaitLog(logOf(owner), "(" + machine.agentId + ") connected", Duration.ofMinutes(3));
                Thread.sleep(3000);
            }
            HttpResponse<String> events = LifeboatStack.getAsAdmin("/events?max=200");
            assertTrue(events.body().contains("'rehome-it' moved from process server '" + NAME + "' to '" + owner + "'"),
                    events.body());
            // the silence is also an open Critical alert on the killed server, and only that (its figures are stale)
            String subject = "processServer/" + NAME;
            long alertDeadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (Events.openAlertsOn(subject).isEmpty() && System.nanoTime() < alertDeadline) {
                Thread.sleep(1000);
            }
            assertEquals(List.of("ProcessServerNotHeartbeating|CRITICAL"), Events.openAlertsOn(subject));

            machine.disk.scatter(1L << 20, new Random(15));
            String sha = machine.disk.sha256();
            String point = machine.bookmark();
            assertEquals(sha, machine.imageSha(point), machine.diagnosis());

            // writes quiesced (the disk is not written any more) and the new owner applied up to the point: the seed
            // blob as the new owner left it
            Thread.sleep(5000);
            SeedFingerprint before = SeedFingerprint.of(machine.diskId);

            // the killed server comes back with its old home
            Files.move(aside, PS_HOME);
            LifeboatStack.CommandResult restart = FIRST.restart();
            assertEquals(0, restart.exitCode(), restart + "\n--- process-server.log\n" + processServerLogTail());
            try {
                assertRestartedServerWritesNothing(machine, owner, epoch + 1, before);
            } finally {
                // killed again, as the test that follows expects to find it
                LifeboatStack.kill9(FIRST.pid(), "the restarted Micro process server");
            }
        } finally {
            LifeboatStack.asadmin("delete-system-property", "lifeboat.process-server.heartbeat-timeout");
        }
    }

    private static void assertRestartedServerWritesNothing(ReplicatingMachine machine, String owner, long epoch,
                                                           SeedFingerprint before) throws Exception {
        // its uploader finds the disk's segments in the restored journal and says, once, why it leaves the disk alone
        // and what becomes of them (deleted when the owner applied past them, else uploaded to the cache container for
        // the owner's applier); its applier never takes the disk, since the disks it lists are those assigned to it
        machine.awaitLog(PS_HOME.resolve("logs/process-server.log"), "Disk " + machine.diskId + " of 'rehome-it' is "
                + "assigned to process server '" + owner + "' at epoch " + epoch + ", not to this one ('" + NAME
                + "'): this server does not apply it or write its seed blob", Duration.ofMinutes(2));
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (System.nanoTime() < deadline) {
            try (var sealed = Files.list(PS_HOME.resolve("cache/sealed"))) {
                if (sealed.findAny().isEmpty()) {
                    break;
                }
            }
            Thread.sleep(1000);
        }
        // ... and runs on: 20 s is over ten rounds of its applier (every 1.5 s) and of its uploader
        Thread.sleep(20_000);
        assertEquals(before, SeedFingerprint.of(machine.diskId), "the seed blob changed after the old server's restart\n"
                + processServerLogTail());
        assertEquals(owner, item("rehome-it").getString("processServer"));
    }

    /** A seed blob as a reader sees it: any write changes its ETag, and its content. */
    private record SeedFingerprint(String etag, java.time.OffsetDateTime lastModified, String sha256) {
        static SeedFingerprint of(String diskId) throws IOException {
            var blob = AzuriteStorage.seedBlob(diskId);
            var properties = blob.getProperties();
            try (var content = blob.openInputStream()) {
                return new SeedFingerprint(properties.getETag(), properties.getLastModified(),
                        DiskImage.sha256(content));
            }
        }
    }

    private static Path logOf(String processServer) {
        return switch (processServer) {
            case NAME -> PS_HOME.resolve("logs/process-server.log");
            case NAME_2 -> PS_HOME_2.resolve("logs/process-server.log");
            default -> LifeboatStack.SERVER_LOG;
        };
    }

    /** A copy of a process server's home, but Micro's root, which each start makes afresh. */
    private static void copyHome(Path home, Path copy) throws IOException {
        try (var paths = Files.walk(home)) {
            for (Path path : paths.filter(p -> !p.startsWith(home.resolve("micro"))).toList()) {
                Path target = copy.resolve(home.relativize(path).toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(target);
                } else if (Files.isRegularFile(path)) {
                    try {
                        Files.copy(path, target, java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
                    } catch (java.nio.file.NoSuchFileException gone) {
                        // a segment uploaded and deleted meanwhile: a backup taken then would not hold it either
                    }
                }
            }
        }
    }

    @Test
    @Order(3)
    void itIsListedWithARecentHeartbeatAndItsHealthFigures() throws Exception {
        String id = LifeboatStack.read(PS_HOME.resolve("secrets/process-server-id")).strip();
        JsonObject first = awaitHeartbeat(null);
        // heartbeats keep coming (every 5 s here): a later one replaces the figures
        JsonObject later = awaitHeartbeat(Instant.parse(first.getString("heartbeatAt")));
        assertTrue(later.getBoolean("scaleOut"), later.toString());
        assertEquals("localhost:" + REPLICATION_PORT, later.getString("replicationAddress"), later.toString());
        assertTrue(Instant.parse(later.getString("heartbeatAt")).isAfter(Instant.now().minusSeconds(60)), later.toString());
        double cpu = later.getJsonNumber("cpuPercent").doubleValue();
        double memory = later.getJsonNumber("memoryPercent").doubleValue();
        assertTrue(cpu >= 0 && cpu <= 100 && memory > 0 && memory <= 100, later.toString());
        assertTrue(later.getJsonNumber("cacheCapacityBytes").longValue() > 0, later.toString());
        double free = later.getJsonNumber("cacheFreePercent").doubleValue();
        assertTrue(free > 0 && free <= 100, later.toString());
        assertTrue(later.getJsonNumber("uploadBacklogBytes").longValue() >= 0, later.toString());
        assertTrue(List.of("normal", "warning", "critical").contains(later.getString("health").toLowerCase()), later.toString());
        // ASR's thresholds, and nothing else: this one heartbeats, so it is not "not heartbeating"
        for (JsonObject reason : later.getJsonArray("reasons").getValuesAs(JsonObject.class)) {
            assertTrue(List.of("ProcessServerCpuHigh", "ProcessServerMemoryHigh").contains(reason.getString("code")),
                    later.toString());
        }
        assertEquals(0, later.getJsonArray("items").size(), later.toString());

        // the same, one by one; the configuration server keeps it by name, the id its registration gave
        HttpResponse<String> one = LifeboatStack.getAsAdmin("/processServers/" + NAME);
        assertEquals(200, one.statusCode(), one.body());
        assertEquals(NAME, JsonBodies.object(one.body()).getString("name"));
        assertEquals(36, id.length(), id);
        HttpResponse<String> unknown = LifeboatStack.getAsAdmin("/processServers/no-such-ps");
        assertEquals(404, unknown.statusCode(), unknown.body());
        assertTrue(JsonBodies.object(unknown.body()).getString("error").contains("'no-such-ps'"), unknown.body());
        // the built-in one is still listed first
        assertEquals("builtin", listed().get(0).getString("name"));

        // the console's Process servers page reads the same service
        try (ConsoleBrowser browser = new ConsoleBrowser(dir.resolve("chromium"))) {
            ConsolePages.ProcessServers page = ConsolePages.Login.open(browser)
                    .signIn("admin", LifeboatStack.adminPassword()).processServers();
            List<String> names = page.names();
            assertEquals("builtin", names.get(0), names.toString());
            assertTrue(names.contains(NAME), names.toString());
            assertEquals(LifeboatStack.certificateSha256(PS_HOME.resolve("tls/server-cert.pem")),
                    page.certificates().get(names.indexOf(NAME)));
        }
    }

    @Test
    @Order(4)
    void aWrongPassphraseIsRefusedBeforeMicroStartsAndNothingIsListed() throws IOException {
        // a name of this run: the stack's database outlives runs
        String name = "it-wrong-" + java.util.UUID.randomUUID().toString().substring(0, 8);
        Path wrongPassphrase = dir.resolve("wrong-passphrase");
        Files.writeString(wrongPassphrase, "not-the-registration-passphrase\n");
        Map<String, String> settings = settings();
        settings.put("LIFEBOAT_PROCESS_SERVER_NAME", name);
        Path home = dir.resolve("wrong-home");
        LifeboatStack.CommandResult start = processServer(home, settings, "start", "--config-server",
                LifeboatStack.access().get("API"), "--passphrase-file", wrongPassphrase.toString());
        assertEquals(1, start.exitCode(), start.toString());
        assertTrue(start.stderr().startsWith("lifeboat: the configuration server " + LifeboatStack.access().get("API")
                + " did not register process server " + name + ": The configuration server refused the passphrase "
                + "(wrong registration passphrase"), start.stderr());
        assertFalse(start.stdout().contains("Starting the process server"), start.stdout());
        assertFalse(Files.exists(home.resolve("process-server.conf")), "a refused start wrote its settings");
        assertFalse(Files.exists(home.resolve("secrets")), "a refused start wrote secrets");
        assertFalse(Files.exists(home.resolve("run/process-server.pid")), "a refused start started Micro");
        assertTrue(listed().stream().noneMatch(ps -> ps.getString("name").equals(name)), listed().toString());
        assertEquals(404, LifeboatStack.getAsAdmin("/processServers/" + name).statusCode());
    }

    @Test
    @Order(7)
    void registeringTheSameNameAgainKeepsItsIdAndOneEntryAnotherCertificateOnlyWhenReplaced() throws Exception {
        String id = LifeboatStack.read(PS_HOME.resolve("secrets/process-server-id")).strip();
        Path own = PS_HOME.resolve("tls/server-cert.pem");
        String ownSha = LifeboatStack.certificateSha256(own);
        LifeboatStack.CommandResult again = registerAgain(own, dir.resolve("again"));
        assertEquals(0, again.exitCode(), again.toString());
        assertEquals(id, LifeboatStack.read(dir.resolve("again/process-server-id")).strip());
        assertEquals(PosixFilePermissions.fromString("rw-------"),
                Files.getPosixFilePermissions(dir.resolve("again/process-server-credential")));
        assertEquals(1, listed().stream().filter(ps -> ps.getString("name").equals(NAME)).count(), listed().toString());

        // a rebuilt process server (a new key pair) under the same name: refused unless replaced explicitly
        Path other = dir.resolve("other.pem");
        Path store = dir.resolve("other.p12");
        LifeboatStack.run(List.of("keytool", "-genkeypair", "-alias", "other", "-keyalg", "EC", "-groupname",
                "secp256r1", "-dname", "CN=localhost", "-validity", "2", "-keystore", store.toString(), "-storetype",
                "PKCS12", "-storepass", "changeit"), Duration.ofMinutes(1));
        LifeboatStack.run(List.of("keytool", "-exportcert", "-rfc", "-alias", "other", "-keystore", store.toString(),
                "-storepass", "changeit", "-file", other.toString()), Duration.ofMinutes(1));
        String otherSha = LifeboatStack.certificateSha256(other);
        LifeboatStack.CommandResult refused = registerAgain(other, dir.resolve("refused"));
        assertEquals(6, refused.exitCode(), refused.toString());
        String conflict = "is registered with another certificate (SHA-256 " + ownSha + "), not SHA-256 " + otherSha
                + "; if it was rebuilt, register it again replacing its certificate (replaceCertificate, or "
                + "'lifeboat process-server start --replace-certificate')";
        assertEquals("The configuration server refused the registration: process server '" + NAME + "' " + conflict
                + ".\n", refused.stderr());
        assertFalse(Files.exists(dir.resolve("refused")), "a refused registration wrote its files");
        assertEquals(ownSha, certificateListed());
        assertTrue(Events.about("processServer/" + NAME, 50).contains("WARNING|Refused to register process server '"
                        + NAME + "' again: it " + conflict),
                Events.about("processServer/" + NAME, 50).toString());

        LifeboatStack.CommandResult replaced = registerAgain(other, dir.resolve("replaced"), "--replace-certificate");
        assertEquals(0, replaced.exitCode(), replaced.toString());
        assertEquals(id, LifeboatStack.read(dir.resolve("replaced/process-server-id")).strip());
        assertEquals(otherSha, certificateListed());
        assertTrue(Events.about("processServer/" + NAME, 50).contains("WARNING|Process server '" + NAME
                + "' registered again with a new certificate (SHA-256 " + otherSha + ", was " + ownSha + "): its agents "
                + "pin the new one from their next configuration pull"), Events.about("processServer/" + NAME, 50).toString());
        // and back, as the process server's home holds it
        assertEquals(0, registerAgain(own, dir.resolve("back"), "--replace-certificate").exitCode());
        assertEquals(ownSha, certificateListed());
    }

    private static LifeboatStack.CommandResult registerAgain(Path certificate, Path out, String... more) {
        List<String> args = new java.util.ArrayList<>(List.of("register-process-server", "--server",
                LifeboatStack.access().get("API"), "--passphrase-file",
                LifeboatStack.HOME.resolve("secrets/registration-passphrase").toString(), "--name", NAME,
                "--replication-address", "localhost:" + REPLICATION_PORT, "--certificate", certificate.toString(),
                "--out", out.toString()));
        args.addAll(List.of(more));
        return LifeboatStack.agent(args.toArray(String[]::new));
    }

    private static String certificateListed() {
        return listed().stream().filter(ps -> ps.getString("name").equals(NAME)).findFirst().orElseThrow()
                .getString("certificateSha256");
    }

    private static List<JsonObject> listed() {
        HttpResponse<String> response = LifeboatStack.getAsAdmin("/processServers");
        assertEquals(200, response.statusCode(), response.body());
        return JsonBodies.array(response.body()).getValuesAs(JsonObject.class);
    }

    /** Its entry once it carries a heartbeat later than {@code after} (any, when null); within 60 s. */
    private static JsonObject awaitHeartbeat(Instant after) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        JsonObject entry = null;
        while (System.nanoTime() < deadline) {
            entry = listed().stream().filter(ps -> ps.getString("name").equals(NAME)).findFirst().orElse(null);
            if (entry != null && !entry.isNull("heartbeatAt")
                    && (after == null || Instant.parse(entry.getString("heartbeatAt")).isAfter(after))) {
                return entry;
            }
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
        throw new AssertionError("no heartbeat" + (after == null ? "" : " after " + after) + " from " + NAME
                + " within 60 s: " + entry + "\n--- process-server.log\n" + logTailQuietly());
    }

    private static String logTailQuietly() {
        try {
            return processServerLogTail();
        } catch (IOException e) {
            return e.toString();
        }
    }

    @Test
    @Order(5)
    void aStartWithoutTheSharedSettingsIsRefusedAndStartsNothing() throws IOException {
        Map<String, String> settings = settings();
        settings.remove("LIFEBOAT_SEGMENT_KEY_FILE");
        Path home = dir.resolve("incomplete");
        LifeboatStack.CommandResult start = processServer(home, settings, "start");
        assertEquals(1, start.exitCode(), start.toString());
        assertEquals("lifeboat: LIFEBOAT_SEGMENT_KEY_FILE is needed (docs/scale-out.md)\n", start.stderr());
        assertFalse(Files.exists(home.resolve("process-server.conf")), "a refused start wrote its settings");

        LifeboatStack.CommandResult badUrl = processServer(dir.resolve("bad-url"), settings(), "start",
                "--config-server", "http://localhost/lifeboat/api/v1");
        assertEquals(1, badUrl.exitCode(), badUrl.toString());
        assertTrue(badUrl.stderr().startsWith("lifeboat: --config-server must be the configuration server's API URL"),
                badUrl.stderr());
    }

    @Test
    @Order(8)
    void stopAfterAKillSaysSoAndItsReplicationPortIsClosed() throws IOException {
        LifeboatStack.CommandResult stop = processServer(PS_HOME, Map.of(), "stop");
        assertEquals(0, stop.exitCode(), stop.toString());
        // killed with -9 by the re-homing test
        assertTrue(stop.stdout().startsWith("Process server: was not running"), stop.stdout());
        LifeboatStack.CommandResult status = processServer(PS_HOME, Map.of(), "status");
        assertEquals(3, status.exitCode(), status.toString());
        assertTrue(status.stdout().contains("Server: stopped"), status.stdout());
        try (Socket socket = new Socket("127.0.0.1", REPLICATION_PORT)) {
            throw new AssertionError("the replication port " + REPLICATION_PORT + " still answers");
        } catch (IOException expected) {
            assertNotEquals("", expected.toString());
        }
    }
}
