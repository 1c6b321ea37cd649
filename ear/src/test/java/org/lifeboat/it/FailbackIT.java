package org.lifeboat.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Failback through the real stack, as an operator does it: fail over and commit; the failed-over machine (a
 * byte copy of the failover disk, a real agent on it, a workload writing 64 MiB into it) is re-protected towards
 * Primary and sends only what differs from its failover disk (measured over the replication port), its RPO alert
 * raised and cleared like any item's; a planned failover back takes its final point and the machine's own agent,
 * as master target, brings the on-premises disk to it downloading only the differing blocks, many to a request;
 * the disk then equals
 * the failed-over disk byte for byte; re-protected towards Recovery, the next point equals the source again.
 */
class FailbackIT {

    /** A 1-minute RPO threshold, which the reverse item inherits: its alert is raised and cleared within the test. */
    private static final String POLICY = "failback-it-1min";
    private static final String HEARTBEAT_TIMEOUT = "lifeboat.alerts.heartbeatTimeout";
    private static final int BLOCK = 64 << 10;
    /** The 64 MiB written into the failed-over machine: 1,024 scattered blocks of a 256 MiB disk. */
    private static final long DISK = 256L << 20;
    private static final int WRITTEN_BLOCKS = 1024;
    private static final Pattern UUID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    private static final Pattern RECEIVED = Pattern.compile(
            "(\\d+) blocks compared, (\\d+) differed, (\\d+) bytes downloaded in (\\d+) request");

    @TempDir
    static Path dir;

    @Test
    void failOverThenReplicateBackThenFailBackWithoutAFullCopyThenProtectAgain() throws Exception {
        String item = "failback-it-" + System.nanoTime() % 100000;
        String reverse = item + "-failback";
        Path azureState = dir.resolve(item + "-azure-state");
        AgentProcess azureAgent = new AgentProcess(azureState);
        HttpResponse<String> policy = LifeboatStack.sendAsAdmin("PUT", "/replicationPolicies/" + POLICY,
                "{\"rpoThresholdMinutes\":1,\"retentionHours\":24,\"appConsistentFrequencyHours\":0,"
                        + "\"crashConsistentFrequencyMinutes\":5}");
        assertTrue(policy.statusCode() == 201 || policy.statusCode() == 200, policy.body());
        DiskImage onPremises = DiskImage.sparse(dir.resolve(item + ".img"), DISK);
        onPremises.scatter(4L << 20, new Random(item.hashCode()));
        try (ReplicatingMachine machine = ReplicatingMachine.start(dir, item, POLICY, onPremises)) {
            String failedOverAt = machine.bookmark();
            LifeboatStack.CommandResult whileRunning = receive(machine.state, machine.diskId, failedOverAt,
                    machine.disk.file());
            assertEquals(2, whileRunning.exitCode(), "a master target never writes under a running agent: "
                    + whileRunning);
            assertTrue(whileRunning.stderr().contains("already running"), whileRunning.stderr());

            String failoverJob = succeeded(post(item, "unplannedFailover", "{\"recoveryPointId\":\"" + failedOverAt
                    + "\"}")).getString("id");
            // the failover's artifacts hold the failback's steps: the VM deallocated before the final sync
            HttpResponse<String> steps = LifeboatStack.getAsAdmin("/protectedItems/" + item
                    + "/deployments/failover/failback");
            assertEquals(200, steps.statusCode(), steps.body());
            List<JsonObject> failbackSteps = JsonBodies.object(steps.body()).getJsonArray("steps")
                    .getValuesAs(JsonObject.class);
            assertEquals("Deallocate the Azure VM", failbackSteps.get(0).getString("name"), steps.body());
            assertTrue(failbackSteps.get(0).getString("url").endsWith("/providers/Microsoft.Compute/virtualMachines/"
                    + item + "/deallocate?api-version=2023-03-01"), steps.body());
            assertEquals("/api/v1/protectedItems/" + item + "/plannedFailover", failbackSteps.get(2).getString("url"));
            succeeded(post(item, "failoverCommit", null));
            assertEquals(List.of("reProtect"), allowed(item));
            refused(item, "plannedFailover", "{\"failoverDirection\":\"RecoveryToPrimary\"}", 409, "reProtect");
            refused(item, "reProtect", "{\"direction\":\"PrimaryToRecovery\"}", 409, "failed back");
            refused(item, "reProtect", "{\"direction\":\"Sideways\"}", 400, "direction");
            refused(item, "reProtect", "{\"direction\":\"RecoveryToPrimary\"}", 400, "agentId");

            // the failed-over machine: its disk a byte copy of the failover disk, a workload writing 64 MiB into it
            DiskImage azure = AzuriteStorage.failoverDiskCopy(item + "/failover-" + failoverJob + "/" + machine.diskId
                    + ".vhd", dir.resolve(item + "-azure.img"), DISK);
            Random random = new Random(item.hashCode());
            Set<Integer> written = blocks(WRITTEN_BLOCKS, random);
            azure.writeBlocks(written, BLOCK, random);
            String azureAgentId = AgentProcess.register(azure.file(), azureState, item + "-azure");

            // towards Primary through a recovery plan of the item: its request carries each item's agent
            String plan = item + "-plan";
            HttpResponse<String> created = LifeboatStack.sendAsAdmin("PUT", "/recoveryPlans/" + plan,
                    "{\"groups\":[{\"items\":[\"" + item + "\"]}]}");
            assertEquals(201, created.statusCode(), created.body());
            refusedAt(item, "/recoveryPlans/" + plan + "/reProtect", "{\"direction\":\"RecoveryToPrimary\"}", 400,
                    "agents." + item);
            JsonObject viaPlan = succeeded(LifeboatStack.sendAsAdmin("POST", "/recoveryPlans/" + plan + "/reProtect",
                    "{\"direction\":\"RecoveryToPrimary\",\"agents\":{\"" + item + "\":\"" + azureAgentId + "\"}}"));
            assertEquals("Succeeded", planStep(viaPlan, item).getString("state"), viaPlan.toString());
            JsonObject replicatingBack = item(item);
            assertEquals(reverse, replicatingBack.getString("reverseItem"));
            assertEquals("Recovery", replicatingBack.getString("activeLocation"));
            assertEquals(List.of("plannedFailover"), allowed(item));
            long before = ReplicationPortStatus.bytesReceived();
            azureAgent.start();
            // the first pass hashes the 256 MiB disk against the seed's checksums and sends 64 MiB
            ReplicatingMachine.awaitDeltaReplication(() -> item(reverse), azureAgent, Duration.ofMinutes(5));
            long sent = ReplicationPortStatus.bytesReceived() - before;
            long differing = (long) written.size() * BLOCK;
            System.out.printf("FailbackIT: reProtect RecoveryToPrimary received %d bytes for %d bytes of differing "
                    + "blocks (%.3f x), of a %d-byte disk%n", sent, differing, sent / (double) differing, DISK);
            assertTrue(sent <= 1.1 * differing, "the reverse replication sent " + sent + " bytes for " + differing
                    + " bytes of differing blocks");

            // the reverse item is an ordinary item under the item's policy: its agent frozen past the 1-minute RPO
            // threshold raises the RPO alert, and running again clears it; so does its heartbeat alert in the same
            // freeze, the stack's heartbeat timeout lowered to 45 s meanwhile (30-s heartbeats; 15 minutes by default)
            LifeboatStack.asadmin("create-system-properties", HEARTBEAT_TIMEOUT + "=PT45S");
            try {
                azureAgent.pause();
                JsonObject raised = RpoAlerts.await(reverse, alert -> alert.getBoolean("active"), Duration.ofMinutes(3),
                        () -> item(reverse));
                JsonObject silent = RpoAlerts.await(reverse, "AgentHeartbeatMissing", alert -> alert.getBoolean("active"),
                        Duration.ofMinutes(1), () -> item(reverse));
                assertTrue(silent.getString("message").contains(item + "-azure"), "names the failed-over side's agent: "
                        + silent);
                azureAgent.resume();
                RpoAlerts.await(reverse, RpoAlerts.cleared(raised), Duration.ofMinutes(2), () -> item(reverse));
                RpoAlerts.await(reverse, "AgentHeartbeatMissing", RpoAlerts.cleared(silent), Duration.ofMinutes(1),
                        () -> item(reverse));
            } finally {
                LifeboatStack.asadmin("delete-system-property", HEARTBEAT_TIMEOUT);
            }

            // replication goes on; then the workload stops and its last changes are sent
            Set<Integer> later = blocks(64, random);
            azure.writeBlocks(later, BLOCK, random);
            written.addAll(later);
            RecoveryPoints.bookmark(reverse, azureState, azureAgent);
            String azureSha = azure.sha256();
            JsonObject failback = succeeded(LifeboatStack.sendAsAdmin("POST", "/recoveryPlans/" + plan
                    + "/plannedFailover", "{\"failoverDirection\":\"RecoveryToPrimary\"}"));
            String finalPoint = item(item).getString("failbackRecoveryPointId");
            assertTrue(planStep(failback, item).getString("detail").contains(finalPoint), failback.toString());
            Matcher itemJob = UUID.matcher(planStep(failback, item).getString("detail"));
            assertTrue(itemJob.find(), failback.toString());
            JsonObject plannedJob = JsonBodies.object(LifeboatStack.getAsAdmin("/jobs/" + itemJob.group()).body());
            List<JsonObject> plannedSteps = plannedJob.getJsonArray("steps").getValuesAs(JsonObject.class);
            assertEquals(List.of("Prerequisites check", "Deallocate the Azure VM", "Take the final recovery point"),
                    plannedSteps.stream().map(step -> step.getString("name")).toList(), plannedJob.toString());
            assertEquals("Skipped", plannedSteps.get(1).getString("state"), "Lifeboat calls no Azure API");
            assertTrue(plannedSteps.get(1).getString("detail").contains("/deployments/failover/failback"),
                    plannedJob.toString());
            azureAgent.close(); // deallocated
            machine.agent.close(); // the on-premises machine is off: its agent is the master target

            String reverseDisk = JsonBodies.object(LifeboatStack.getAsAdmin("/protectedItems/" + reverse).body())
                    .getJsonArray("disks").getJsonObject(0).getString("diskId");
            // one request names many ranges; a bad list is a 400 naming the range and the rule
            String ranges = "/agents/" + machine.agentId + "/disks/" + reverseDisk + "/recoveryPoints/" + finalPoint
                    + "/ranges";
            HttpResponse<String> overlapping = LifeboatStack.sendAsAdmin("POST", ranges, "{\"ranges\":[{\"offset\":0,"
                    + "\"length\":131072},{\"offset\":65536,\"length\":65536}]}");
            assertEquals(400, overlapping.statusCode(), overlapping.body());
            assertEquals("ranges[1].offset", JsonBodies.object(overlapping.body()).getString("field"), overlapping.body());
            HttpResponse<String> unaligned = LifeboatStack.sendAsAdmin("POST", ranges,
                    "{\"ranges\":[{\"offset\":512,\"length\":65536}]}");
            assertEquals(400, unaligned.statusCode(), unaligned.body());
            assertEquals("ranges[0].offset", JsonBodies.object(unaligned.body()).getString("field"), unaligned.body());

            LifeboatStack.CommandResult received = receive(machine.state, reverseDisk, finalPoint, machine.disk.file());
            assertEquals(0, received.exitCode(), received.toString());
            assertEquals(azureSha, machine.disk.sha256(), "the on-premises disk is not the failed-over disk");
            Matcher figures = RECEIVED.matcher(received.stdout());
            assertTrue(figures.find(), received.stdout());
            long downloaded = Long.parseLong(figures.group(3));
            System.out.printf("FailbackIT: the master target found %s of %s blocks differing and downloaded %d bytes "
                    + "for %d bytes of blocks written in Azure, in %s requests%n", figures.group(2), figures.group(1),
                    downloaded, (long) written.size() * BLOCK, figures.group(4));
            assertEquals(written.size(), Integer.parseInt(figures.group(2)), received.stdout());
            assertTrue(downloaded <= 1.1 * written.size() * BLOCK, received.stdout());
            assertTrue(Integer.parseInt(figures.group(4)) <= (written.size() + 255) / 256, "at most 256 ranges to a "
                    + "request: " + received.stdout());
            Path alternate = dir.resolve(item + "-alternate.img");
            assertEquals(0, receive(machine.state, reverseDisk, finalPoint, alternate).exitCode());
            assertEquals(azureSha, DiskImage.existing(alternate).sha256(), "the alternate location's disk");
            LifeboatStack.CommandResult noPoint = receive(machine.state, reverseDisk, "no-such-point", machine.disk.file());
            assertEquals(8, noPoint.exitCode(), noPoint.toString());
            assertTrue(noPoint.stderr().contains("HTTP 404"), noPoint.stderr());
            assertEquals(azureSha, machine.disk.sha256(), "a refused receive changed the disk");

            JsonObject forward = succeeded(post(item, "reProtect", "{\"direction\":\"PrimaryToRecovery\"}"));
            assertEquals(404, LifeboatStack.getAsAdmin("/protectedItems/" + reverse).statusCode(), "the reverse item");
            JsonObject protectedAgain = item(item);
            assertEquals("Primary", protectedAgain.getString("activeLocation"));
            assertTrue(!protectedAgain.containsKey("reverseItem") || protectedAgain.isNull("reverseItem"));
            Matcher resync = UUID.matcher(forward.getString("result"));
            assertTrue(resync.find(), forward.toString());
            machine.agent.start();
            JsonObject resynced = ApiJobs.awaitEnd(resync.group(), Duration.ofMinutes(5));
            assertEquals("Succeeded", resynced.getString("state"), resynced + "\n--- agent log\n" + machine.agent.log());
            System.out.println("FailbackIT: reProtect PrimaryToRecovery resync: " + resynced.getString("result"));
            assertEquals(azureSha, machine.imageSha(machine.bookmark()), "the next point is not the source");
        } finally {
            azureAgent.close();
            LifeboatStack.sendAsAdmin("DELETE", "/protectedItems/" + reverse, null);
            LifeboatStack.sendAsAdmin("DELETE", "/recoveryPlans/" + item + "-plan", null);
        }
    }

    /** The plan job's step of the item (its detail names the item's own job and its result). */
    private static JsonObject planStep(JsonObject planJob, String item) {
        return planJob.getJsonArray("steps").getValuesAs(JsonObject.class).stream()
                .filter(step -> step.getString("name").equals("Group 1: " + item)).findFirst()
                .orElseThrow(() -> new AssertionError("no step of " + item + " in " + planJob));
    }

    private static LifeboatStack.CommandResult receive(Path state, String diskId, String point, Path disk) {
        return LifeboatStack.agent("receive", "--state", state.toString(), "--disk-id", diskId, "--point", point,
                "--disk", disk.toString());
    }

    private static HttpResponse<String> post(String item, String action, String body) {
        return LifeboatStack.sendAsAdmin("POST", "/protectedItems/" + item + "/" + action, body);
    }

    private static JsonObject succeeded(HttpResponse<String> started) throws InterruptedException {
        JsonObject job = ApiJobs.awaitEnd(started, Duration.ofMinutes(5));
        assertEquals("Succeeded", job.getString("state"), job.toString());
        return job;
    }

    /** The request is refused with this status and reason, and the item's failover state did not change. */
    private static void refused(String item, String action, String body, int status, String reason) {
        refusedAt(item, "/protectedItems/" + item + "/" + action, body, status, reason);
    }

    /** The request to this API path is refused with this status and reason; the item's failover state is unchanged. */
    private static void refusedAt(String item, String apiPath, String body, int status, String reason) {
        JsonObject before = item(item);
        HttpResponse<String> answer = LifeboatStack.sendAsAdmin("POST", apiPath, body);
        assertEquals(status, answer.statusCode(), apiPath + ": " + answer.body());
        assertTrue(JsonBodies.object(answer.body()).getString("error").contains(reason)
                || reason.equals(JsonBodies.object(answer.body()).getString("field", null)), answer.body());
        JsonObject after = item(item);
        for (String field : List.of("protectionState", "activeLocation", "allowedOperations")) {
            assertEquals(before.get(field), after.get(field), field);
        }
    }

    private static JsonObject item(String item) {
        HttpResponse<String> response = LifeboatStack.getAsAdmin("/protectedItems/" + item);
        assertEquals(200, response.statusCode(), response.body());
        return JsonBodies.object(response.body());
    }

    private static List<String> allowed(String item) {
        return item(item).getJsonArray("allowedOperations").getValuesAs(jakarta.json.JsonString.class).stream()
                .map(jakarta.json.JsonString::getString).toList();
    }

    /** {@code count} distinct blocks of the disk. */
    private static Set<Integer> blocks(int count, Random random) {
        Set<Integer> blocks = new TreeSet<>();
        while (blocks.size() < count) {
            blocks.add(random.nextInt((int) (DISK / BLOCK)));
        }
        return blocks;
    }
}
