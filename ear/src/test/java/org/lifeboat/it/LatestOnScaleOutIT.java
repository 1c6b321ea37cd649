package org.lifeboat.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Random;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Latest recovery point of an item replicating through a scale-out process server (docs/scale-out.md): the
 * configuration server asks the owner, whose log applier applies what its journal acknowledged and snapshots the
 * disk; the drill's point equals the source as written. With the owner stopped, the same request fails with the
 * reason and records no point.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LatestOnScaleOutIT {

    private static final String ITEM = "latest-micro-it";

    @TempDir
    Path dir;

    /** The run's shared one: this class freezes it for a while and lets it run again before it ends. */
    private MicroProcessServer server;

    @BeforeAll
    void startTheProcessServer() throws Exception {
        server = MicroProcessServer.shared();
    }

    @Test
    void aDrillToLatestEqualsTheSourceAsWrittenThenWithTheOwnerStoppedItFailsNamingWhy() throws Exception {
        try (ReplicatingMachine machine = ReplicatingMachine.startEnabledBy(dir, ITEM, agentId -> {
            HttpResponse<String> enabled = LifeboatStack.sendAsAdmin("PUT", "/protectedItems/" + ITEM,
                    "{\"agentId\":\"" + agentId + "\"}");
            assertEquals(200, enabled.statusCode(), enabled.body());
            if (!server.name.equals(JsonBodies.object(enabled.body()).getString("processServer"))) {
                HttpResponse<String> switched = switchTo(server.name);
                assertEquals(200, switched.statusCode(), switched.body());
            }
            return JsonBodies.object(enabled.body()).getJsonArray("disks").getJsonObject(0).getString("diskId");
        })) {
            machine.awaitLog(server.log(), "(" + machine.agentId + ") connected", Duration.ofMinutes(2));
            // no bookmark: what the process server received and has not applied must be in the point
            machine.disk.scatter(2L << 20, new Random(21));
            Instant written = Instant.now();
            String sha = machine.disk.sha256();
            machine.awaitReceived(written);
            int pointsBefore = RecoveryPoints.ids(ITEM).size();

            long started = System.nanoTime();
            JsonObject drill = ApiJobs.testFailover(ITEM, "Latest", Duration.ofMinutes(12));
            long took = (System.nanoTime() - started) / 1_000_000;
            assertEquals("Succeeded", drill.getString("state"), drill + "\n--- process-server.log\n" + server.logTail());
            String point = ApiJobs.chosenPoint(drill);
            System.out.println("Latest point of an item on a scale-out process server: test failover took " + took
                    + " ms, point " + point);
            assertEquals(sha, machine.imageSha(point), machine.diagnosis());
            assertTrue(RecoveryPoints.ids(ITEM).contains(point), "the Latest point is listed");
            assertTrue(LifeboatStack.read(server.log()).contains("Took Latest point " + point + " of '" + ITEM + "'"),
                    "the scale-out process server did not take it\n" + server.logTail());
            assertEquals(pointsBefore + 1, RecoveryPoints.ids(ITEM).size());
            ApiJobs.cleanUpTestFailover(ITEM);

            // what a switch costs (docs/scale-out.md): switched to the built-in one during a write burst, the agent
            // sends again only what the old owner acknowledged and Azure does not hold yet, not the whole disk
            long agentLogBefore = machine.agent.log().length();
            long notDurable;
            try (WriteBurst burst = WriteBurst.start(machine.disk, new Random(22))) {
                Thread.sleep(3000);
                notDurable = machine.agentDisk().getJsonNumber("notDurableBytes").longValue();
                assertEquals(200, switchTo("builtin").statusCode());
                machine.awaitLog(LifeboatStack.SERVER_LOG, "(" + machine.agentId + ") connected", Duration.ofMinutes(3));
                Thread.sleep(3000);
            }
            String switchedSha = machine.disk.sha256();
            String switchedPoint = machine.bookmark();
            assertEquals(switchedSha, machine.imageSha(switchedPoint), machine.diagnosis());
            String notes = machine.agent.log().substring((int) agentLogBefore);
            System.out.println("A switch mid-burst: " + notDurable + " bytes acknowledged but not durable in Azure at the "
                    + "switch (disk " + machine.disk.file().toFile().length() + " bytes); the agent's notes: "
                    + notes.lines().filter(l -> l.contains("sending again") || l.contains("sent again")).toList());
            assertFalse(notes.contains("every block is sent again"), "a switch re-sent the whole disk\n" + notes);

            // back to the scale-out one: the built-in one refuses the session, the agent pulls its configuration
            long connections = connections(machine);
            assertEquals(200, switchTo(server.name).statusCode());
            long back = System.nanoTime() + Duration.ofMinutes(3).toNanos();
            while (connections(machine) == connections && System.nanoTime() < back) {
                Thread.sleep(1000);
            }
            assertTrue(connections(machine) > connections, "the agent did not come back\n" + server.logTail());

            // the owner stopped (SIGSTOP: down, its heartbeat still recent): the request is not picked up, the drill
            // fails saying so and records no point; the item stays as it was. The shared server runs again afterwards
            // (the request abandoned, it takes no point then), as the classes after this one expect.
            ApiJobs.FrozenDrill frozen = ApiJobs.latestWhileFrozen(server, ITEM);
            JsonObject failed = frozen.job();
            long gaveUp = frozen.tookMillis();
            assertEquals("Failed", failed.getString("state"), failed.toString());
            String error = failed.getString("error", failed.toString());
            assertTrue(error.contains("process server '" + server.name + "', which '" + ITEM + "' replicates through, "
                    + "did not pick up the request for a Latest point within 30 s"), failed.toString());
            assertTrue(error.contains("Fail over to LatestProcessed or to a recovery point"), failed.toString());
            System.out.println("With its process server stopped, a Latest drill failed after " + gaveUp + " ms: " + error);
            assertEquals(frozen.pointsBefore(), frozen.pointsAfter(), "a failed Latest recorded a point");
            assertEquals("None", machine.status().getString("testFailoverState"), machine.status().toString());
        }
    }

    private HttpResponse<String> switchTo(String processServer) {
        return LifeboatStack.sendAsAdmin("POST", "/protectedItems/" + ITEM + "/switchProcessServer",
                "{\"processServer\":\"" + processServer + "\"}");
    }

    private long connections(ReplicatingMachine machine) {
        return LifeboatStack.read(server.log()).lines().filter(l -> l.contains("(" + machine.agentId + ") connected"))
                .count();
    }
}
