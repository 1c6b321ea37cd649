package org.lifeboat.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import jakarta.json.JsonObject;
import com.azure.storage.blob.models.ListBlobsOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The log applier near Azure (docs/scale-out.md, "The applier near Azure"): a Payara Micro process server (the run's
 * shared one) and a Payara Micro applier instance ({@code lifeboat process-server start --role applier}), both
 * registered with the PostgreSQL stack's configuration server. Once the configuration server names the applier for
 * the process server, an agent replicating through the process server gets recovery points equal to its source
 * although the process server never writes the seed blob (its Put Page bytes do not grow), and the WAN bytes it sends
 * for compressible changes are below the changed bytes. A test failover to Latest is taken by the applier, through
 * what the process server uploaded when asked, and equals the source as written; with the applier frozen it fails
 * naming it. With the applier stopped, segments wait in the {@code cache} container and no point is made; restarted,
 * it catches up and the point equals the source.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ApplierNearAzureIT {

    private static final String ITEM = "near-azure-it";

    /**
     * Its own applier: this class stops and restarts it. The process server is the run's shared one: this class names
     * the applier for it and takes that back before it ends, and asks about the seed bytes it sends from here on.
     */
    private static final MicroProcessServer APPLIER_SERVER = new MicroProcessServer("it-near-applier",
            Integer.getInteger("lifeboat.applier.port.base", 18700), "applier", 3);
    private static final String APPLIER = APPLIER_SERVER.name;
    private static final String PS = MicroProcessServer.SHARED_NAME;
    private static MicroProcessServer processServer;

    /** Shared by the ordered tests: the machine of one is the next one's. */
    @TempDir
    static Path dir;

    private ReplicatingMachine machine;

    @BeforeAll
    void startTheProcessServerAndTheApplier() throws Exception {
        MicroProcessServer.startWithTheShared(APPLIER_SERVER);
        processServer = MicroProcessServer.shared();
        LifeboatStack.CommandResult started = APPLIER_SERVER.started();
        assertTrue(started.stdout().contains("Applier " + APPLIER + ": running"), started.stdout());
        assertTrue(started.stdout().contains("as " + APPLIER + " (applier)"), started.stdout());
        // the stack's database outlives runs: an earlier run's setting goes first
        HttpResponse<String> reset = setApplier(PS, "null");
        assertEquals(200, reset.statusCode(), reset.body());
    }

    @AfterAll
    void stopThem() throws Exception {
        if (machine != null) {
            machine.close();
        }
        // the shared process server applies its items itself again, as the other classes expect
        HttpResponse<String> reset = setApplier(PS, "null");
        LifeboatStack.CommandResult applier = APPLIER_SERVER.stop();
        assertEquals(200, reset.statusCode(), reset.body());
        assertEquals(0, applier.exitCode(), applier.toString());
    }

    @Test
    @Order(1)
    void theApplierIsListedWithItsRoleAndABadApplierSettingIsRefusedNamingTheField() {
        JsonObject applier = listed(APPLIER);
        assertEquals("applier", applier.getString("role"), applier.toString());
        assertEquals("process-server", listed(PS).getString("role"));
        assertEquals("process-server", listed("builtin").getString("role"));

        HttpResponse<String> notAnApplier = setApplier(PS, "\"builtin\"");
        assertEquals(400, notAnApplier.statusCode(), notAnApplier.body());
        assertEquals("applier", JsonBodies.object(notAnApplier.body()).getString("field"));
        assertEquals("no applier 'builtin': start one with 'lifeboat process-server start --role applier'",
                JsonBodies.object(notAnApplier.body()).getString("error"));
        HttpResponse<String> aProcessServer = setApplier(PS, "\"" + PS + "\"");
        assertEquals(400, aProcessServer.statusCode(), aProcessServer.body());
        assertEquals("'" + PS + "' is a process server, not an applier (registered without --role applier)",
                JsonBodies.object(aProcessServer.body()).getString("error"));
        HttpResponse<String> builtIn = setApplier("builtin", "\"" + APPLIER + "\"");
        assertEquals(400, builtIn.statusCode(), builtIn.body());
        assertEquals("processServer", JsonBodies.object(builtIn.body()).getString("field"));
        HttpResponse<String> noServer = setApplier("no-such-ps", "\"" + APPLIER + "\"");
        assertEquals(404, noServer.statusCode(), noServer.body());
        assertFalse(listed(PS).containsKey("applier"), "a refused setting changed it: " + listed(PS));

        // an applier takes no items: no replication endpoint
        HttpResponse<String> toApplier = LifeboatStack.sendAsAdmin("POST", "/processServers/builtin/switch",
                "{\"processServer\":\"" + APPLIER + "\"}");
        assertEquals(409, toApplier.statusCode(), toApplier.body());

        HttpResponse<String> set = setApplier(PS, "\"" + APPLIER + "\"");
        assertEquals(200, set.statusCode(), set.body());
        assertEquals(APPLIER, JsonBodies.object(set.body()).getString("applier"));
        assertTrue(Events.about("processServer/" + PS, 20).stream().anyMatch(e -> e.contains(
                "The items of process server '" + PS + "' are applied near Azure by applier '" + APPLIER + "'")),
                Events.about("processServer/" + PS, 20).toString());
    }

    @Test
    @Order(2)
    void theApplierAppliesThePointEqualsTheSourceTheProcessServerSentNoPutPageAndFewerBytesThanChanged()
            throws Exception {
        // the shared process server may have sent seed bytes for other classes' items: counted from here on
        long seedBefore = heartbeatAfter(PS, Instant.now()).getJsonNumber("wanSeedBytes").longValue();
        machine = ReplicatingMachine.startEnabledBy(dir, ITEM, agentId -> {
            HttpResponse<String> enabled = LifeboatStack.sendAsAdmin("PUT", "/protectedItems/" + ITEM,
                    "{\"agentId\":\"" + agentId + "\"}");
            assertEquals(200, enabled.statusCode(), enabled.body());
            if (!PS.equals(JsonBodies.object(LifeboatStack.getAsAdmin("/protectedItems/" + ITEM).body())
                    .getString("processServer"))) {
                HttpResponse<String> switched = LifeboatStack.sendAsAdmin("POST", "/protectedItems/" + ITEM
                        + "/switchProcessServer", "{\"processServer\":\"" + PS + "\"}");
                assertEquals(200, switched.statusCode(), switched.body());
            }
            return JsonBodies.object(enabled.body()).getJsonArray("disks").getJsonObject(0).getString("diskId");
        });
        String first = machine.bookmark();
        assertEquals(machine.disk.sha256(), machine.imageSha(first), machine.diagnosis());
        JsonObject before = heartbeatAfter(PS, Instant.now());

        long changed = machine.disk.writeText(8, new Random(21));
        String sha = machine.disk.sha256();
        String point = machine.bookmark();
        assertEquals(sha, machine.imageSha(point), machine.diagnosis());
        JsonObject after = heartbeatAfter(PS, Instant.now());

        // the process server received the agent's data and never applied it: the applier near Azure did
        assertTrue(LifeboatStack.read(processServer.log()).contains("(" + machine.agentId + ") connected"),
                processServer.logTail());
        assertEquals(seedBefore, after.getJsonNumber("wanSeedBytes").longValue(),
                "the process server wrote a seed blob: " + after);
        assertTrue(listed(APPLIER).getJsonNumber("wanSeedBytes").longValue() > 0, listed(APPLIER).toString());
        long wan = after.getJsonNumber("wanCacheBytes").longValue() - before.getJsonNumber("wanCacheBytes").longValue();
        System.out.printf("WAN bytes of the process server for %d compressible changed bytes: %d (%.3f per changed byte)%n",
                changed, wan, wan / (double) changed);
        assertTrue(wan > 0 && wan < changed / 2, "WAN bytes " + wan + " for " + changed + " changed bytes");
        machine.awaitLog(processServer.log(), "Stopped applying disk " + machine.diskId + ": '"
                + ITEM + "' is applied near Azure by applier '" + APPLIER + "'", Duration.ofSeconds(10));
    }

    @Test
    @Order(3)
    void aTestFailoverToLatestEqualsTheSourceAsWrittenTheApplierApplyingWhatWaitedInTheCacheFirst() throws Exception {
        // frozen while the writes go up: they wait in the cache container, unapplied, when the Latest point is asked
        APPLIER_SERVER.pause();
        String sha;
        int pointsBefore;
        HttpResponse<String> asked;
        try {
            machine.disk.scatter(2L << 20, new Random(31));
            Instant written = Instant.now();
            sha = machine.disk.sha256();
            machine.awaitReceived(written);
            assertFalse(cacheSegments(machine.diskId).isEmpty(), "no segment of the disk waits in the cache container");
            pointsBefore = RecoveryPoints.ids(ITEM).size();
            int logBefore = LifeboatStack.read(processServer.log()).length();
            asked = LifeboatStack.sendAsAdmin("POST", "/protectedItems/" + ITEM + "/testFailover",
                    "{\"recoveryPointType\":\"Latest\"}");
            // the process server hands the request over once all it received is in the cache container
            machine.awaitLog(processServer.log(), logBefore, "handed the request to applier '" + APPLIER + "'",
                    Duration.ofSeconds(25));
        } finally {
            APPLIER_SERVER.resume(); // it picks the request up with the disk's segments still to apply
        }
        long started = System.nanoTime();
        JsonObject drill = ApiJobs.awaitEnd(asked, Duration.ofMinutes(12));
        long took = (System.nanoTime() - started) / 1_000_000;
        assertEquals("Succeeded", drill.getString("state"), drill + "\n--- applier log\n" + APPLIER_SERVER.logTail());
        String point = ApiJobs.chosenPoint(drill);
        assertEquals(sha, machine.imageSha(point), machine.diagnosis());
        assertTrue(LifeboatStack.read(APPLIER_SERVER.log()).contains("Took Latest point " + point + " of '" + ITEM + "'"),
                "the applier did not take it\n" + APPLIER_SERVER.logTail());
        assertEquals(pointsBefore + 1, RecoveryPoints.ids(ITEM).size(), "one point, listed");
        System.out.println("Latest point of an item an applier near Azure applies: the test failover ended "
                + took + " ms after the applier ran again, point " + point);
        ApiJobs.cleanUpTestFailover(ITEM);
    }

    @Test
    @Order(4)
    void withTheApplierFrozenATestFailoverToLatestFailsNamingItAndRecordsNoPoint() throws Exception {
        // SIGSTOP: down, its heartbeat still recent. The process server uploads and hands the request over; nobody
        // picks it up
        int applierLogBefore = LifeboatStack.read(APPLIER_SERVER.log()).length();
        ApiJobs.FrozenDrill drill = ApiJobs.latestWhileFrozen(APPLIER_SERVER, ITEM);
        JsonObject failed = drill.job();
        long gaveUp = drill.tookMillis();
        assertEquals("Failed", failed.getString("state"), failed.toString());
        String error = failed.getString("error", failed.toString());
        assertTrue(error.contains("applier '" + APPLIER + "', which applies the items of process server '" + PS
                + "' near Azure, did not pick up the request for a Latest point of '" + ITEM + "' within 30 s"),
                failed.toString());
        assertTrue(error.contains("Fail over to LatestProcessed or to a recovery point, start the applier again, or let '"
                + PS + "' apply its items itself"), failed.toString());
        System.out.println("With the applier frozen, a Latest drill failed after " + gaveUp + " ms: " + error);
        assertTrue(gaveUp < 90_000, "it took " + gaveUp + " ms to fail");
        assertEquals(drill.pointsBefore(), drill.pointsAfter(), "a failed Latest recorded a point");
        assertEquals("None", machine.status().getString("testFailoverState"), machine.status().toString());
        // run again, the applier finds the request abandoned and takes no point
        Thread.sleep(5000);
        String since = LifeboatStack.read(APPLIER_SERVER.log()).substring(applierLogBefore);
        assertFalse(since.contains("Took Latest point"), "the abandoned request was answered\n" + since);
    }

    @Test
    @Order(5)
    void withTheApplierStoppedSegmentsWaitInTheCacheAndRestartedItCatchesUp() throws Exception {
        LifeboatStack.CommandResult stopped = APPLIER_SERVER.stop();
        assertEquals(0, stopped.exitCode(), stopped.toString());

        machine.disk.writeText(4, new Random(22));
        machine.disk.scatter(2L << 20, new Random(23));
        String sha = machine.disk.sha256();
        String bookmark = RecoveryPoints.takeBookmark(machine.state, machine.agent, false);
        // nothing applies the disk now: its segments wait in the cache container, and no point is made
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (cacheSegments(machine.diskId).isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(500);
        }
        List<String> waiting = cacheSegments(machine.diskId);
        assertFalse(waiting.isEmpty(), "no segment of the disk waits in the cache container");
        Thread.sleep(10_000);
        assertTrue(RecoveryPoints.pointOf(ITEM, bookmark).isEmpty(), "a point was made with the applier stopped");
        assertTrue(cacheSegments(machine.diskId).containsAll(waiting), "a waiting segment went away unapplied");

        LifeboatStack.CommandResult restarted = APPLIER_SERVER.restart();
        assertEquals(0, restarted.exitCode(), restarted + "\n--- log\n" + APPLIER_SERVER.logTail());
        String point = RecoveryPoints.awaitPoint(ITEM, bookmark, Duration.ofMinutes(5));
        assertEquals(sha, machine.imageSha(point), machine.diagnosis());
        long drained = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!cacheSegments(machine.diskId).isEmpty() && System.nanoTime() < drained) {
            Thread.sleep(1000);
        }
        assertEquals(List.of(), cacheSegments(machine.diskId), "applied segments are deleted from the cache container");
    }

    /** The disk's log segments in the cache container ({@code <disk>/<first>-<last>.lbs}). */
    private static List<String> cacheSegments(String diskId) {
        return AzuriteStorage.client().getBlobContainerClient("cache")
                .listBlobs(new ListBlobsOptions().setPrefix(diskId + "/"), null).stream().map(b -> b.getName()).toList();
    }

    private static HttpResponse<String> setApplier(String processServer, String applierJson) {
        return LifeboatStack.sendAsAdmin("PUT", "/processServers/" + processServer + "/applier",
                "{\"applier\":" + applierJson + "}");
    }

    private static JsonObject listed(String name) {
        HttpResponse<String> response = LifeboatStack.getAsAdmin("/processServers/" + name);
        assertEquals(200, response.statusCode(), response.body());
        return JsonBodies.object(response.body());
    }

    /** The process server as listed once a heartbeat sent after {@code at} has arrived (every 3 s here). */
    private static JsonObject heartbeatAfter(String name, Instant at) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        JsonObject ps = listed(name);
        while (System.nanoTime() < deadline) {
            ps = listed(name);
            if (!ps.isNull("heartbeatAt") && Instant.parse(ps.getString("heartbeatAt")).isAfter(at.plusSeconds(1))
                    && !ps.isNull("wanCacheBytes")) {
                return ps;
            }
            Thread.sleep(500);
        }
        throw new AssertionError("no heartbeat of " + name + " after " + at + ": " + ps);
    }
}
