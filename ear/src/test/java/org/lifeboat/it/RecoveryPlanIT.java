package org.lifeboat.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A recovery plan through the real stack: three machines (the real agent replicating a real disk image each)
 * in two boot groups, a plan pre script, a manual action after group 1 and a post script. The test failover
 * runs in order (the job's step times and the times the scripts wrote), group 1's items in parallel, pauses
 * on the manual action (Suspended, WaitingForManualAction), survives a restart of the application while paused, resumes
 * through the API; every failover disk is its source at the point. A failing script stops the plan with its
 * output, an item drilled alone is skipped with the reason, and the plan's cleanup leaves nothing in the
 * failover container. Bad plans: 400 naming the field, nothing stored.
 */
class RecoveryPlanIT {

    private static final String POLICY = "plan-it";
    private static final Path SCRIPTS = LifeboatStack.HOME.resolve("scripts");

    @TempDir
    static Path dir;

    @Test
    void aPlanFailsOverInOrderPausesResumesAndCleansUp() throws Exception {
        HttpResponse<String> policy = LifeboatStack.sendAsAdmin("PUT", "/replicationPolicies/" + POLICY,
                "{\"rpoThresholdMinutes\":15,\"retentionHours\":24,\"appConsistentFrequencyHours\":0,"
                        + "\"crashConsistentFrequencyMinutes\":60}");
        assertTrue(policy.statusCode() == 200 || policy.statusCode() == 201, policy.body());
        String suffix = Long.toString(System.nanoTime() % 100000);
        String plan = "plan-it-" + suffix;
        Path record = dir.resolve("record.txt");
        Path artifacts = dir.resolve("artifacts.txt");
        Files.createDirectories(SCRIPTS);
        String pre = script("plan-it-pre-" + suffix + ".sh", "echo \"$(date +%s%N) pre $LIFEBOAT_PLAN "
                + "$LIFEBOAT_FAILOVER_TYPE $LIFEBOAT_FAILOVER_DIRECTION $LIFEBOAT_RECOVERY_POINT_TYPE\" >> " + record
                + "\necho pre done");
        String post = script("plan-it-post-" + suffix + ".sh", "echo \"$(date +%s%N) post g=$LIFEBOAT_GROUP "
                + "$LIFEBOAT_ACTION_PHASE $LIFEBOAT_ITEMS\" >> " + record + "\nprintf '%s' \"$LIFEBOAT_FAILOVER_ARTIFACTS\" > "
                + artifacts);
        String failing = script("plan-it-fail-" + suffix + ".sh", "echo 'database not ready on port 5432'\nexit 7");
        Path outside = Files.writeString(LifeboatStack.HOME.resolve("plan-it-outside.sh"), "#!/bin/sh\n");
        Files.setPosixFilePermissions(outside, PosixFilePermissions.fromString("rwx------"));
        Files.deleteIfExists(SCRIPTS.resolve("plan-it-link-" + suffix + ".sh"));
        Files.createSymbolicLink(SCRIPTS.resolve("plan-it-link-" + suffix + ".sh"), outside);

        try (ReplicatingMachine a = ReplicatingMachine.start(dir, "plan-a-" + suffix, POLICY);
             ReplicatingMachine b = ReplicatingMachine.start(dir, "plan-b-" + suffix, POLICY);
             ReplicatingMachine c = ReplicatingMachine.start(dir, "plan-c-" + suffix, POLICY)) {
            List<ReplicatingMachine> machines = List.of(a, b, c);
            Map<String, String> shas = new java.util.HashMap<>();
            for (ReplicatingMachine m : machines) {
                m.bookmark();
                shas.put(m.item, m.disk.sha256());
            }
            String good = "{\"description\":\"shop\",\"preActions\":[{\"type\":\"Script\",\"script\":\"" + pre
                    + "\",\"timeoutSeconds\":60}],\"groups\":[{\"items\":[\"" + a.item + "\",\"" + b.item + "\"],"
                    + "\"postActions\":[{\"type\":\"Manual\",\"text\":\"Check the database answers\"}]},"
                    + "{\"items\":[\"" + c.item + "\"]}],\"postActions\":[{\"type\":\"Script\",\"script\":\"" + post
                    + "\"}]}";
            refusedPlans(plan, a.item, b.item, good);
            HttpResponse<String> created = LifeboatStack.sendAsAdmin("PUT", "/recoveryPlans/" + plan, good);
            assertEquals(201, created.statusCode(), created.body());
            String stored = LifeboatStack.getAsAdmin("/recoveryPlans/" + plan).body();
            assertEquals(3, JsonBodies.object(stored).getInt("itemCount"), stored);
            refusedPlans(plan, a.item, b.item, good);
            assertEquals(stored, LifeboatStack.getAsAdmin("/recoveryPlans/" + plan).body(), "a refused PUT changed it");
            // failback actions: a bad request is a 400 naming the field and starts nothing; items whose state does
            // not allow it (none failed over) are skipped with the reason (FailbackIT runs them for real)
            for (var bad : List.of(List.of("plannedFailover", "{\"failoverDirection\":\"PrimaryToRecovery\"}",
                    "failoverDirection"), List.of("reProtect", "{}", "direction"), List.of("reProtect",
                    "{\"direction\":\"RecoveryToPrimary\",\"agents\":{\"mail-1\":\"x\"}}", "agents.mail-1"))) {
                HttpResponse<String> refused = post("/recoveryPlans/" + plan + "/" + bad.get(0), bad.get(1));
                assertEquals(400, refused.statusCode(), refused.body());
                assertEquals(bad.get(2), JsonBodies.object(refused.body()).getString("field"), refused.body());
            }
            assertEquals(stored, LifeboatStack.getAsAdmin("/recoveryPlans/" + plan).body(), "a refused action started");
            JsonObject noneFailedOver = ApiJobs.awaitEnd(post("/recoveryPlans/" + plan + "/reProtect",
                    "{\"direction\":\"PrimaryToRecovery\"}"), Duration.ofMinutes(5));
            assertEquals("Succeeded", noneFailedOver.getString("state"), noneFailedOver.toString());
            JsonObject skippedReProtect = step(noneFailedOver, "Group 2: " + c.item);
            assertEquals("Skipped", skippedReProtect.getString("state"), skippedReProtect.toString());
            assertTrue(skippedReProtect.getString("detail").contains("needs the item failed back"),
                    skippedReProtect.toString());

            // the drill runs to the manual action and waits there
            HttpResponse<String> started = post("/recoveryPlans/" + plan + "/testFailover", "{}");
            assertEquals(202, started.statusCode(), started.body());
            String job = JsonBodies.object(started.body()).getString("id");
            JsonObject suspended = ApiJobs.await(job, Set.of("Suspended", "Failed", "Succeeded"), Duration.ofMinutes(10), () -> { }, () -> "");
            assertEquals("Suspended", suspended.getString("state"), suspended.toString());
            assertEquals("WaitingForManualAction: Check the database answers", suspended.getString("description"));
            assertEquals("InProgress", step(suspended, "Group 1 post-action 1: manual action").getString("state"));
            assertEquals("NotStarted", step(suspended, "Group 2: " + c.item).getString("state"));
            assertEquals("None", c.status().getString("testFailoverState"), "group 2 started before the resume");
            HttpResponse<String> busy = LifeboatStack.sendAsAdmin("PUT", "/recoveryPlans/" + plan, good);
            assertEquals(409, busy.statusCode(), busy.body());
            assertEquals(job, JsonBodies.object(LifeboatStack.getAsAdmin("/recoveryPlans/" + plan).body())
                    .getString("activeJobId"));

            // the application restarts while it waits (its work is gone, start-up ends unfinished jobs): still
            // suspended, and it resumes afterwards. The agents are held (SIGSTOP) meanwhile: in a first run with a
            // full stop/start and the agents running, a PROTECTED_ITEM lock stayed held from the start-up on (every
            // later item read timed out; suspected: agents reconnecting while the application deployed), a start-up
            // problem outside recovery plans, reported
            for (ReplicatingMachine m : machines) {
                m.agent.pause();
            }
            List<String> admin = List.of(LifeboatStack.HOME.resolve("payara6/bin/asadmin").toString(), "--user",
                    "admin", "--passwordfile", LifeboatStack.HOME.resolve("secrets/asadmin-passwords").toString(),
                    "--port", String.valueOf(LifeboatStack.PORT_BASE + 48));
            for (String command : List.of("disable", "enable")) {
                List<String> call = new ArrayList<>(admin);
                call.addAll(List.of(command, "lifeboat"));
                LifeboatStack.CommandResult done = LifeboatStack.run(call, Duration.ofMinutes(10));
                assertEquals(0, done.exitCode(), done.toString());
            }
            for (ReplicatingMachine m : machines) {
                m.agent.resume();
            }
            JsonObject afterRestart = ApiJobs.get(job);
            assertEquals("Suspended", afterRestart.getString("state"), afterRestart.toString());

            assertEquals(404, post("/jobs/00000000-0000-0000-0000-000000000000/resume", null).statusCode());
            Instant resumedAt = Instant.now();
            HttpResponse<String> resumed = post("/jobs/" + job + "/resume", "{\"comments\":\"db answers on 5432\"}");
            assertEquals(202, resumed.statusCode(), resumed.body());
            JsonObject done = ApiJobs.await(job, Set.of("Succeeded", "Failed"), Duration.ofMinutes(10), () -> { }, () -> "");
            assertEquals("Succeeded", done.getString("state"), done.toString());
            HttpResponse<String> again = post("/jobs/" + job + "/resume", null);
            assertEquals(409, again.statusCode(), again.body());

            // in order: plan pre script, group 1 (A and B together), manual action, group 2, post script
            List<String> lines = Files.readAllLines(record);
            assertEquals(2, lines.size(), lines.toString());
            String[] preLine = lines.get(0).split(" ");
            assertEquals(List.of("pre", plan, "testFailover", "PrimaryToRecovery", "LatestProcessed"),
                    List.of(preLine).subList(1, 6));
            String[] postLine = lines.get(1).split(" ");
            assertEquals(List.of("post", "g=", "post", a.item, b.item, c.item), List.of(postLine).subList(1, 7),
                    lines.get(1));
            Instant preRan = nanos(preLine[0]);
            Instant postRan = nanos(postLine[0]);
            JsonObject preStep = step(done, "Plan pre-action 1: script " + pre);
            assertTrue(preStep.getString("detail").contains("pre done"), preStep.toString());
            assertBetween(preRan, preStep, "the pre script ran within its step");
            JsonObject g1 = step(done, "Group 1");
            JsonObject stepA = step(done, "Group 1: " + a.item);
            JsonObject stepB = step(done, "Group 1: " + b.item);
            JsonObject manual = step(done, "Group 1 post-action 1: manual action");
            JsonObject g2 = step(done, "Group 2");
            JsonObject stepC = step(done, "Group 2: " + c.item);
            JsonObject postStep = step(done, "Plan post-action 1: script " + post);
            for (JsonObject s : List.of(g1, stepA, stepB, manual, g2, stepC, postStep)) {
                assertEquals("Succeeded", s.getString("state"), done.toString());
            }
            assertOrder(end(preStep), start(g1), start(stepA), start(stepB));
            assertTrue(start(stepB).isBefore(end(stepA)) && start(stepA).isBefore(end(stepB)),
                    "group 1's items failed over in parallel: " + stepA + " " + stepB);
            assertOrder(end(stepA), start(manual));
            assertOrder(end(stepB), start(manual));
            assertOrder(resumedAt, end(manual), start(g2), start(stepC));
            assertTrue(manual.getString("detail").contains("db answers on 5432"), manual.toString());
            assertOrder(end(stepC), end(g2), start(postStep));
            assertBetween(postRan, postStep, "the post script ran within its step");
            String seen = Files.readString(artifacts);
            for (ReplicatingMachine m : machines) {
                String folder = folder(step(done, (m == c ? "Group 2: " : "Group 1: ") + m.item));
                assertTrue(seen.contains(m.item + "=failover/" + folder), seen);
                assertEquals(shas.get(m.item), AzuriteStorage.failoverDiskSha(folder + m.diskId + ".vhd"),
                        m.item + "'s failover disk is its source at the point");
                assertEquals("Succeeded", m.status().getString("testFailoverState"));
            }
            cleanUp(plan, machines);

            // an item drilled alone is skipped; a failing script stops the plan with its output
            HttpResponse<String> alone = post("/protectedItems/" + c.item + "/testFailover", "{}");
            assertEquals("Succeeded", ApiJobs.awaitEnd(alone, Duration.ofMinutes(10)).getString("state"));
            HttpResponse<String> failingPlan = LifeboatStack.sendAsAdmin("PUT", "/recoveryPlans/" + plan,
                    "{\"groups\":[{\"items\":[\"" + a.item + "\",\"" + c.item + "\"]},{\"items\":[\"" + b.item
                            + "\"],\"preActions\":[{\"type\":\"Script\",\"script\":\"" + failing + "\"}]}]}");
            assertEquals(200, failingPlan.statusCode(), failingPlan.body());
            JsonObject failed = ApiJobs.await(ApiJobs.id(post("/recoveryPlans/" + plan + "/testFailover", null)),
                    Set.of("Succeeded", "Failed", "Suspended"), Duration.ofMinutes(10), () -> { }, () -> "");
            assertEquals("Failed", failed.getString("state"), failed.toString());
            assertTrue(failed.getString("error").contains("database not ready on port 5432")
                    && failed.getString("error").contains("exit 7"), failed.getString("error"));
            JsonObject skipped = step(failed, "Group 1: " + c.item);
            assertEquals("Skipped", skipped.getString("state"), skipped.toString());
            assertTrue(skipped.getString("detail").contains("not cleaned up"), skipped.toString());
            assertEquals("Succeeded", step(failed, "Group 1: " + a.item).getString("state"));
            assertEquals("Failed", step(failed, "Group 2 pre-action 1: script " + failing).getString("state"));
            assertEquals("NotStarted", step(failed, "Group 2: " + b.item).getString("state"));
            assertEquals("None", b.status().getString("testFailoverState"), "group 2 ran after its failed script");
            cleanUp(plan, machines);

            HttpResponse<String> deleted = LifeboatStack.sendAsAdmin("DELETE", "/recoveryPlans/" + plan, null);
            assertEquals(204, deleted.statusCode(), deleted.body());
            assertEquals(404, LifeboatStack.getAsAdmin("/recoveryPlans/" + plan).statusCode());
        } finally {
            Files.deleteIfExists(SCRIPTS.resolve("plan-it-link-" + suffix + ".sh"));
        }
    }

    /** Each bad plan: 400 naming the field, and the stored plan (or its absence) unchanged. */
    private static void refusedPlans(String plan, String a, String b, String good) {
        String before = LifeboatStack.getAsAdmin("/recoveryPlans/" + plan).body();
        String hundredAndOne = IntStream.range(0, 101).mapToObj(i -> "\"vm" + i + "\"").collect(Collectors.joining(","));
        String suffix = plan.substring("plan-it-".length());
        String[][] bad = {
            {"{\"groups\":[{\"items\":[\"" + a + "\",\"no-such-item\"]}]}", "groups[0].items[1]"},
            {"{\"groups\":[{\"items\":[\"" + a + "\"]},{\"items\":[\"" + b + "\",\"" + a + "\"]}]}", "groups[1].items[1]"},
            {"{\"groups\":[{\"items\":[" + hundredAndOne + "]}]}", "groups"},
            {"{\"groups\":[{\"items\":[\"" + a + "\"],\"preActions\":[{\"type\":\"Script\",\"script\":"
                + "\"../plan-it-outside.sh\"}]}]}", "groups[0].preActions[0].script"},
            {"{\"groups\":[{\"items\":[\"" + a + "\"]}],\"postActions\":[{\"type\":\"Script\",\"script\":"
                + "\"plan-it-link-" + suffix + ".sh\"}]}", "postActions[0].script"},
            {good.replace("\"timeoutSeconds\":60", "\"timeoutSeconds\":0"), "preActions[0].timeoutSeconds"},
            {"{\"groups\":[{\"items\":[\"" + a + "\"]}],\"preActions\":[{\"type\":\"Manual\"}]}", "preActions[0].text"}};
        for (String[] refused : bad) {
            HttpResponse<String> answer = LifeboatStack.sendAsAdmin("PUT", "/recoveryPlans/" + plan, refused[0]);
            assertEquals(400, answer.statusCode(), refused[0] + " -> " + answer.body());
            assertEquals(refused[1], JsonBodies.object(answer.body()).getString("field"), answer.body());
            assertEquals(before, LifeboatStack.getAsAdmin("/recoveryPlans/" + plan).body(), "a refused plan was stored");
        }
    }

    /** The plan's cleanup succeeds and leaves nothing of its items in the failover container. */
    private static void cleanUp(String plan, List<ReplicatingMachine> machines) throws Exception {
        JsonObject cleaned = ApiJobs.await(ApiJobs.id(post("/recoveryPlans/" + plan + "/testFailoverCleanup",
                "{\"comments\":\"plan drill ok\"}")), Set.of("Succeeded", "Failed", "Suspended"), Duration.ofMinutes(10),
                () -> { }, () -> "");
        assertEquals("Succeeded", cleaned.getString("state"), cleaned.toString());
        List<String> left = new ArrayList<>();
        for (String line : AzuriteStorage.inventory("failover")) {
            for (ReplicatingMachine m : machines) {
                if (line.startsWith("failover/" + m.item + "/")) {
                    left.add(line);
                }
            }
        }
        assertEquals(List.of(), left, "the plan's cleanup left failover artifacts");
        for (ReplicatingMachine m : machines) {
            assertEquals("None", m.status().getString("testFailoverState"));
        }
    }

    private static String script(String name, String body) throws Exception {
        Path file = Files.writeString(SCRIPTS.resolve(name), "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwx------"));
        return name;
    }

    private static HttpResponse<String> post(String path, String body) {
        return LifeboatStack.sendAsAdmin("POST", path, body);
    }

    private static JsonObject step(JsonObject job, String name) {
        return job.getJsonArray("steps").getValuesAs(JsonObject.class).stream()
                .filter(s -> s.getString("name").equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no step '" + name + "' in " + job));
    }

    private static Instant start(JsonObject step) {
        return Instant.parse(step.getString("startedAt"));
    }

    private static Instant end(JsonObject step) {
        return Instant.parse(step.getString("endedAt"));
    }

    private static Instant nanos(String text) {
        long n = Long.parseLong(text);
        return Instant.ofEpochSecond(n / 1_000_000_000L, n % 1_000_000_000L);
    }

    private static void assertOrder(Instant... times) {
        for (int i = 1; i < times.length; i++) {
            assertFalse(times[i].isBefore(times[i - 1]), "out of order: " + List.of(times));
        }
    }

    private static void assertBetween(Instant at, JsonObject step, String what) {
        assertFalse(at.isBefore(start(step)) || at.isAfter(end(step)), what + ": " + at + " " + step);
    }

    /** The failover container's folder of an item's job, from the plan step's detail. */
    private static String folder(JsonObject step) {
        String detail = step.getString("detail");
        int at = detail.indexOf("failover/");
        assertTrue(at >= 0, detail);
        return detail.substring(at + "failover/".length()).strip();
    }
}
