package org.lifeboat.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
 * The data path end to end through the real stack: a registered agent replicates a sparse disk image
 * through the replication port, the cache and Azurite into a seed page blob, and every recovery point's
 * image has the SHA-256 the source had at its bookmark.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReplicationIT {

    private static final long GIB = 1L << 30;
    private static final Pattern UUID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    private static final String ITEM = "replication-it";
    private static final String PROCESS_SERVER = "lifeboat:type=ProcessServer";

    @TempDir
    static Path dir;

    private final Random random = new Random(20261125);
    private DiskImage disk;
    private Path state;
    private AgentProcess agent;
    private String diskId;
    private String firstPoint;
    private String firstPointSha;

    @BeforeAll
    void registerAndProtect() throws IOException, InterruptedException {
        disk = DiskImage.sparse(dir.resolve("disk.img"), GIB);
        disk.scatter(256L << 20, random);
        state = dir.resolve("agent-state");

        LifeboatStack.CommandResult registered = LifeboatStack.agent("register", "--server",
                LifeboatStack.access().get("API"), "--passphrase-file",
                LifeboatStack.HOME.resolve("secrets/registration-passphrase").toString(),
                "--disk", disk.file().toString(), "--state", state.toString(), "--name", "replication-it");
        assertEquals(0, registered.exitCode(), registered.toString());
        Matcher id = UUID.matcher(registered.stdout());
        assertTrue(id.find(), registered.stdout());
        String agentId = id.group();

        LifeboatStack.sendAsAdmin("DELETE", "/protectedItems/" + ITEM, null); // left by an earlier run, if any
        HttpResponse<String> enabled = LifeboatStack.sendAsAdmin("PUT", "/protectedItems/" + ITEM,
                "{\"agentId\":\"" + agentId + "\"}");
        assertEquals(200, enabled.statusCode(), enabled.body());
        diskId = JsonBodies.object(enabled.body()).getJsonArray("disks").getJsonObject(0).getString("diskId");
        agent = new AgentProcess(state).start();
    }

    @AfterAll
    void stopAgent() throws InterruptedException {
        if (agent != null) {
            agent.close();
        }
    }

    @Test
    @Order(1)
    void initialReplicationGivesAPointByItselfWithTheSourceImage() throws Exception {
        String sha = disk.sha256();

        // no bookmark asked for, and the default policy's next crash-consistent tick is 5 minutes away:
        // the agent takes the first point as soon as initial replication completes
        firstPoint = RecoveryPoints.awaitFirst(ITEM, Duration.ofMinutes(4));
        assertTrue(agent.log().contains("Initial replication complete: taking the first recovery point now."),
                "the point is the one taken after initial replication, not a scheduled one\n" + agent.log());

        assertEquals(sha, imageSha(firstPoint), "the first recovery point differs from the source");
        firstPointSha = sha;
        JsonObject item = JsonBodies.object(LifeboatStack.getAsAdmin("/protectedItems/" + ITEM).body());
        assertTrue(item.containsKey("rpoSeconds") && !item.isNull("rpoSeconds"), item.toString());
    }

    @Test
    @Order(2)
    void randomWritesThenABookmarkGiveANewPointAndKeepTheOldOne() throws Exception {
        disk.randomWrites(300, random);
        String sha = disk.sha256();

        String point = bookmark();

        assertEquals(sha, imageSha(point), "the new recovery point differs from the source at its bookmark");
        assertEquals(firstPointSha, imageSha(firstPoint), "the earlier recovery point changed");
    }

    @Test
    @Order(3)
    void aRangeOfAnImageIsServed() throws Exception {
        HttpResponse<InputStream> part = LifeboatStack.streamAsAdmin(imagePath(firstPoint), "Range", "bytes=1024-2047");
        try (InputStream in = part.body()) {
            assertEquals(206, part.statusCode());
            assertEquals(1024, in.readAllBytes().length);
        }
        assertEquals("bytes 1024-2047/" + GIB, part.headers().firstValue("Content-Range").orElse(""));

        HttpResponse<InputStream> beyond = LifeboatStack.streamAsAdmin(imagePath(firstPoint), "Range", "bytes=" + GIB + "-");
        beyond.body().close();
        assertEquals(416, beyond.statusCode());
    }

    @Test
    @Order(4)
    void segmentsTheApplierDoesNotTakeInTimeGoThroughTheCacheContainer() throws Exception {
        long window = (Long) Jmx.attribute(PROCESS_SERVER, "DirectApplySeconds");
        long initialWindow = (Long) Jmx.attribute(PROCESS_SERVER, "InitialDirectApplySeconds");
        long uploaded = (Long) Jmx.attribute(PROCESS_SERVER, "UploadedSegments");
        try {
            // windows of 0: every sealed segment is uploaded to `cache`, then applied from there
            Jmx.setAttribute(PROCESS_SERVER, "DirectApplySeconds", 0L);
            Jmx.setAttribute(PROCESS_SERVER, "InitialDirectApplySeconds", 0L);
            disk.randomWrites(150, random);
            awaitGrowth("UploadedSegments", uploaded);
        } finally {
            Jmx.setAttribute(PROCESS_SERVER, "DirectApplySeconds", window);
            Jmx.setAttribute(PROCESS_SERVER, "InitialDirectApplySeconds", initialWindow);
        }
        long direct = (Long) Jmx.attribute(PROCESS_SERVER, "DirectlyAppliedSegments");
        disk.randomWrites(150, random);
        awaitGrowth("DirectlyAppliedSegments", direct);
        String sha = disk.sha256();

        String point = bookmark();

        assertEquals(sha, imageSha(point), "the point differs from the source after segments took both paths");
    }

    @Test
    @Order(5)
    void nothingAcknowledgedIsLostWhenTheServerIsKilledInTheMiddleOfABurst() throws Exception {
        long killed = LifeboatStack.serverPid(LifeboatStack.launcher("status"));
        try (WriteBurst burst = WriteBurst.start(disk, random)) {
            Thread.sleep(3000);
            LifeboatStack.kill9(killed, "the server");
            Thread.sleep(3000);
        }
        // the supervisor may have restarted the server already; either way a new one runs afterwards
        LifeboatStack.CommandResult start = LifeboatStack.launcher("start");
        assertEquals(0, start.exitCode(), start.toString());
        assertNotEquals(killed, LifeboatStack.serverPid(start), "no new server was started\n" + start);
        String sha = disk.sha256();

        String point = bookmark();

        assertEquals(sha, imageSha(point), "writes were lost when the server was killed");
    }

    @Test
    @Order(6)
    void nothingIsLostWhenTheAgentIsKilledInTheMiddleOfABurst() throws Exception {
        try (WriteBurst burst = WriteBurst.start(disk, random)) {
            Thread.sleep(3000);
            agent.kill();
            Thread.sleep(2000);
        }
        agent = new AgentProcess(state).start();
        String sha = disk.sha256();

        String point = bookmark();

        assertEquals(sha, imageSha(point), "writes were lost when the agent was killed");
    }

    @Test
    @Order(7)
    void theCacheHoldsTheDataWhileAzureStorageIsAwayAndDrainsAfterwards() throws Exception {
        long azurite = Long.parseLong(LifeboatStack.read(LifeboatStack.HOME.resolve("run/azurite.pid")));
        ProcessHandle.of(azurite).ifPresent(ProcessHandle::destroy);
        Instant stopped = Instant.now();
        try (WriteBurst burst = WriteBurst.start(disk, random)) {
            Thread.sleep(10_000);
        }
        HttpResponse<String> health = LifeboatStack.get(LifeboatStack.api("/health"), null, null);
        assertEquals(503, health.statusCode(), health.body());
        assertTrue(JsonBodies.object(health.body()).getJsonArray("failing").toString().contains("storage"), health.body());
        Thread.sleep(Math.max(0, Duration.ofSeconds(60).minus(Duration.between(stopped, Instant.now())).toMillis()));

        LifeboatStack.CommandResult start = LifeboatStack.launcher("start");
        assertEquals(0, start.exitCode(), start.toString());
        assertTrue(start.stdout().contains("Azurite started again"), start.stdout());
        String sha = disk.sha256();

        String point = bookmark();

        assertEquals(sha, imageSha(point), "the cache lost data while Azure Storage was away");
    }

    private static void awaitGrowth(String counter, long from) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
        while ((Long) Jmx.attribute(PROCESS_SERVER, counter) <= from) {
            assertTrue(Instant.now().isBefore(deadline), counter + " stayed at " + from + " for 2 minutes");
            Thread.sleep(500);
        }
    }

    /** Takes a bookmark through the running agent and waits for its recovery point. */
    private String bookmark() throws InterruptedException {
        return RecoveryPoints.bookmark(ITEM, state, agent);
    }

    private String imageSha(String point) throws IOException {
        return RecoveryPoints.imageSha(ITEM, point, diskId);
    }

    private String imagePath(String point) {
        return "/protectedItems/" + ITEM + "/recoveryPoints/" + point + "/disks/" + diskId + "/image";
    }
}
