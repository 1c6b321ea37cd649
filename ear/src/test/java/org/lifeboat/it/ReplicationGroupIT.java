package org.lifeboat.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
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
 * Replication groups through the real stack: three real agents on three disk images, a workload that writes
 * sequence number n into A, then B, then C, and freeze commands that hold a machine's writes as fsfreeze would.
 * Every group point's recovered images show a state the workload passed through (A >= B >= C >= A - 1);
 * independent points, taken at the same time on each machine, do not; a member that misses the deadline
 * aborts the round for all, and the event names it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReplicationGroupIT {

    private static final String RUN = Long.toString(System.currentTimeMillis() % 100_000_000, 36);
    private static final String GROUP = "group-it-" + RUN;
    /** Hourly: no scheduled round starts while the tests run theirs. */
    private static final String POLICY = "group-it-hourly";
    private static final List<String> ITEMS = List.of("grp-a-" + RUN, "grp-b-" + RUN, "grp-c-" + RUN);

    @TempDir
    static Path dir;

    private final List<ReplicatingMachine> machines = new ArrayList<>();
    private SequenceWorkload workload;

    @BeforeAll
    void threeMachinesAndTheirWorkload() throws Exception {
        HttpResponse<String> policy = LifeboatStack.sendAsAdmin("PUT", "/replicationPolicies/" + POLICY,
                "{\"crashConsistentFrequencyMinutes\":60}");
        assertTrue(policy.statusCode() == 201 || policy.statusCode() == 200, policy.body());
        Path flags = Files.createDirectories(dir.resolve("flags"));
        for (String item : ITEMS) {
            machines.add(ReplicatingMachine.start(dir, item, null, SequenceWorkload.freezeOptions(flags, item)));
        }
        workload = SequenceWorkload.start(machines.stream().map(m -> m.disk.file()).toList(), flags);
    }

    @AfterAll
    void cleanUp() throws Exception {
        LifeboatStack.sendAsAdmin("DELETE", "/replicationGroups/" + GROUP, null);
        if (workload != null) {
            workload.close();
        }
        for (ReplicatingMachine machine : machines) {
            machine.close();
        }
    }

    @Test
    @Order(1)
    void aGroupIsValidatedAndShownOnItsItems() {
        assertBadRequest("{\"items\":[\"" + ITEMS.get(0) + "\",\"no-such-item-" + RUN + "\"]}", "items", "no-such-item");
        List<String> seventeen = new ArrayList<>();
        for (int i = 0; i < 17; i++) {
            seventeen.add("\"x" + i + "\"");
        }
        assertBadRequest("{\"items\":[" + String.join(",", seventeen) + "]}", "items", "at most 16");
        assertBadRequest("{\"items\":[\"" + ITEMS.get(0) + "\"],\"policy\":\"no-such-policy\"}", "policy", "no-such-policy");
        assertBadRequest("{\"items\":[\"" + ITEMS.get(0) + "\"],\"colour\":\"red\"}", "colour", "unknown");
        assertEquals(404, LifeboatStack.getAsAdmin("/replicationGroups/" + GROUP).statusCode(), "nothing made");

        HttpResponse<String> created = LifeboatStack.sendAsAdmin("PUT", "/replicationGroups/" + GROUP,
                "{\"items\":[\"" + String.join("\",\"", ITEMS) + "\"],\"policy\":\"" + POLICY + "\"}");
        assertEquals(201, created.statusCode(), created.body());
        JsonObject group = JsonBodies.object(LifeboatStack.getAsAdmin("/replicationGroups/" + GROUP).body());
        assertEquals(ITEMS, group.getJsonArray("items").getValuesAs(jakarta.json.JsonString.class).stream()
                .map(jakarta.json.JsonString::getString).toList());
        assertEquals(POLICY, group.getString("policy"));
        for (ReplicatingMachine machine : machines) {
            assertEquals(GROUP, machine.status().getString("replicationGroup"));
        }

        HttpResponse<String> other = LifeboatStack.sendAsAdmin("PUT", "/replicationGroups/other-" + GROUP,
                "{\"items\":[\"" + ITEMS.get(1) + "\"]}");
        assertEquals(400, other.statusCode(), other.body());
        assertTrue(other.body().contains("already in replication group '" + GROUP + "'"), other.body());
        assertEquals(404, LifeboatStack.getAsAdmin("/replicationGroups/other-" + GROUP).statusCode());
    }

    private static void assertBadRequest(String body, String field, String message) {
        HttpResponse<String> refused = LifeboatStack.sendAsAdmin("PUT", "/replicationGroups/" + GROUP, body);
        assertEquals(400, refused.statusCode(), refused.body());
        JsonObject error = JsonBodies.object(refused.body());
        assertEquals(field, error.getString("field"), refused.body());
        assertTrue(refused.body().contains(message), refused.body());
    }

    @Test
    @Order(2)
    void everyGroupPointIsAMomentTheWorkloadPassedThrough() throws Exception {
        for (String consistency : List.of("APP_CONSISTENT", "CRASH_CONSISTENT")) {
            long before = workload.written();
            JsonObject round = round(consistency, 60);
            assertEquals("SUCCEEDED", round.getString("state"), round.toString());
            String tag = round.getString("tag");
            for (JsonObject member : round.getJsonArray("members").getValuesAs(JsonObject.class)) {
                assertTrue(member.getBoolean("succeeded"), round.toString());
                assertTrue(member.getJsonNumber("heldMillis").longValue() > 0, round.toString());
            }
            JsonObject point = awaitGroupPoint(tag);
            assertEquals(consistency, point.getString("consistency"), point.toString());
            List<Long> values = values(point);
            System.out.println("group point " + tag + " (" + consistency + "): A, B, C = " + values
                    + " (workload at " + before + " when the round started)");
            assertTrue(SequenceWorkload.consistent(values), "group point " + tag + " holds " + values);
            assertTrue(values.get(0) >= before, "the point is not older than its round: " + values + " < " + before);
            JsonObject memberPoint = JsonBodies.object(LifeboatStack.getAsAdmin("/protectedItems/" + ITEMS.get(1)
                    + "/recoveryPoints/" + point.getJsonObject("recoveryPoints").getString(ITEMS.get(1))).body());
            assertEquals(tag, memberPoint.getString("groupRoundTag"));
        }
    }

    @Test
    @Order(3)
    void independentPointsDoNotKeepTheOrder() throws Exception {
        int broken = 0;
        int triples = 3;
        ExecutorService parallel = Executors.newFixedThreadPool(ITEMS.size());
        try {
            for (int t = 0; t < triples; t++) {
                // each machine's own crash-consistent bookmark, all asked at the same moment
                List<Future<String>> points = new ArrayList<>();
                for (ReplicatingMachine machine : machines) {
                    points.add(parallel.submit(machine::bookmark));
                }
                List<Long> values = new ArrayList<>();
                for (int i = 0; i < machines.size(); i++) {
                    ReplicatingMachine machine = machines.get(i);
                    values.add(SequenceWorkload.sequence(RecoveryPoints.imageBytes(machine.item, points.get(i).get(),
                            machine.diskId, SequenceWorkload.OFFSET, 8)));
                }
                boolean consistent = SequenceWorkload.consistent(values);
                System.out.println("independent points: A, B, C = " + values + (consistent ? "" : " BREAKS the order"));
                broken += consistent ? 0 : 1;
            }
        } finally {
            parallel.shutdownNow();
        }
        System.out.println("independent points broke A >= B >= C >= A - 1 in " + broken + " of " + triples + " triples");
        assertTrue(broken > 0, "the check can fail: independent points should break the order at least once");
    }

    @Test
    @Order(4)
    void aMemberThatMissesTheDeadlineAbortsTheRoundForAll() throws Exception {
        ReplicatingMachine late = machines.get(2);
        int pointsBefore = groupPoints().size();
        late.agent.pause();
        JsonObject round;
        try {
            round = round("CRASH_CONSISTENT", 5);
        } finally {
            late.agent.resume();
        }
        assertEquals("ABORTED", round.getString("state"), round.toString());
        assertTrue(round.getString("reason").contains(late.item) && round.getString("reason").contains("did not report "
                + "ready within 5 s"), round.toString());
        String events = LifeboatStack.getAsAdmin("/events?max=50").body();
        assertTrue(events.contains(round.getString("tag")) && events.contains("aborted for all members")
                && events.contains(late.item), events);
        Thread.sleep(3000); // members that were ready and gave up at their own deadline add no point
        assertEquals(pointsBefore, groupPoints().size(), "no group point from an aborted round");
    }

    @Test
    @Order(5)
    void aGroupedItemFailsOverToItsPointOfTheNewestGroupPoint() throws Exception {
        JsonObject newest = groupPoints().get(0);
        String item = ITEMS.get(0);
        String expected = newest.getJsonObject("recoveryPoints").getString(item);
        HttpResponse<String> drill = LifeboatStack.sendAsAdmin("POST", "/protectedItems/" + item + "/testFailover",
                "{\"recoveryPointType\":\"LatestMultiVmProcessed\"}");
        JsonObject job = ApiJobs.awaitEnd(drill, Duration.ofMinutes(5));
        assertEquals("Succeeded", job.getString("state"), job.toString());
        assertTrue(job.toString().contains("LatestMultiVmProcessed: recovery point " + expected), job.toString());
        HttpResponse<String> cleanup = LifeboatStack.sendAsAdmin("POST", "/protectedItems/" + item
                + "/testFailoverCleanup", null);
        assertEquals("Succeeded", ApiJobs.awaitEnd(cleanup, Duration.ofMinutes(5)).getString("state"));
    }

    private static JsonObject round(String consistency, int deadlineSeconds) {
        HttpResponse<String> response = LifeboatStack.sendAsAdmin("POST", "/replicationGroups/" + GROUP + "/bookmark",
                "{\"consistency\":\"" + consistency + "\",\"deadlineSeconds\":" + deadlineSeconds + "}");
        assertEquals(200, response.statusCode(), response.body());
        return JsonBodies.object(response.body());
    }

    private static List<JsonObject> groupPoints() {
        HttpResponse<String> points = LifeboatStack.getAsAdmin("/replicationGroups/" + GROUP + "/points");
        assertEquals(200, points.statusCode(), points.body());
        return JsonBodies.array(points.body()).getValuesAs(JsonObject.class);
    }

    /** The group point of a round, once every member's point is applied (3 minutes at most). */
    private static JsonObject awaitGroupPoint(String tag) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(3));
        while (Instant.now().isBefore(deadline)) {
            for (JsonObject point : groupPoints()) {
                if (tag.equals(point.getString("tag"))) {
                    return point;
                }
            }
            Thread.sleep(500);
        }
        throw new AssertionError("no group point " + tag + " within 3 minutes: " + groupPoints());
    }

    /** The sequence numbers in the members' images of a group point, in writing order (A, B, C). */
    private List<Long> values(JsonObject point) throws Exception {
        List<Long> values = new ArrayList<>();
        for (ReplicatingMachine machine : machines) {
            String id = point.getJsonObject("recoveryPoints").getString(machine.item);
            assertNotNull(id, point.toString());
            values.add(SequenceWorkload.sequence(RecoveryPoints.imageBytes(machine.item, id, machine.diskId,
                    SequenceWorkload.OFFSET, 8)));
        }
        return values;
    }
}
