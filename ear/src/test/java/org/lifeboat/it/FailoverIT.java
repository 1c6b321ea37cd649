package org.lifeboat.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.models.BlobItem;
import com.azure.storage.blob.models.ListBlobsOptions;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Failover of a protected item through the real stack (the agent replicating a real disk image, Payara,
 * Derby, Azurite): test failover with each recovery point type (each failover disk is the source at the
 * point, bit for bit, a valid fixed VHD of the exact size, referenced by the ARM template; cleanup leaves
 * nothing; RPO stays under its threshold), unplanned failover, change of point, commit, cancel with
 * replication resuming, and every refused action: 409 with the reason, nothing changed.
 */
class FailoverIT {

    private static final long DISK = 64L << 20;
    private static final String NETWORK = "/subscriptions/0b1f6471-1bf0-4dda-aec3-cb9272f09590/resourceGroups/dr/"
            + "providers/Microsoft.Network/virtualNetworks/dr-net";
    private static final String TEST_NETWORK = "/subscriptions/0b1f6471-1bf0-4dda-aec3-cb9272f09590/resourceGroups/dr/"
            + "providers/Microsoft.Network/virtualNetworks/drill-net";

    /** Points only when the test asks (hourly ticks): a tick between a bookmark and a drill would change LatestProcessed. */
    private static final String POLICY = "failover-it";

    @TempDir
    static Path dir;

    @BeforeAll
    static void quietPolicy() {
        HttpResponse<String> policy = LifeboatStack.sendAsAdmin("PUT", "/replicationPolicies/" + POLICY,
                "{\"rpoThresholdMinutes\":15,\"retentionHours\":24,\"appConsistentFrequencyHours\":0,"
                        + "\"crashConsistentFrequencyMinutes\":60}");
        assertTrue(policy.statusCode() == 200 || policy.statusCode() == 201, policy.body());
    }

    /** The highest RPO seen while failover jobs ran on the item. */
    private long worstRpoSeconds;

    @Test
    void drillsWithEachPointTypeThenFailoverChangeOfPointAndCommit() throws Exception {
        String item = "failover-it-" + System.nanoTime() % 100000;
        // freeze hooks that always succeed: the agent's app-consistent bookmarks are app-consistent points
        try (ReplicatingMachine machine = ReplicatingMachine.start(dir, item, POLICY, List.of("--pre-freeze", "true",
                "--post-thaw", "true"))) {
            String first = machine.bookmark();
            String firstSha = machine.disk.sha256();
            settingsAreValidated(item, machine.diskId);

            // nothing to change or commit before a failover: 409, nothing changed
            JsonObject before = machine.status();
            assertEquals("Protected", before.getString("protectionState"), before.toString());
            assertEquals("Primary", before.getString("activeLocation"));
            assertEquals("None", before.getString("testFailoverState"));
            assertEquals(List.of("testFailover", "unplannedFailover"), strings(before, "allowedOperations"));
            for (String action : List.of("applyRecoveryPoint", "failoverCommit", "failoverCancel")) {
                refused(item, action, "{}", "needs the item failed over");
            }

            // LatestProcessed (the default) is the newest point
            JsonObject drill = drill(machine, "{\"recoveryPointType\":\"LatestProcessed\",\"networkId\":\""
                    + TEST_NETWORK + "\"}", first, firstSha);
            JsonObject during = machine.status();
            assertEquals("Succeeded", during.getString("testFailoverState"));
            assertEquals(first, during.getString("testFailoverRecoveryPointId"));
            assertEquals(List.of("testFailoverCleanup", "unplannedFailover"), strings(during, "allowedOperations"));
            refused(item, "testFailover", "{}", "not cleaned up");
            assertEquals(during.getString("testFailoverState"), machine.status().getString("testFailoverState"));
            String template = LifeboatStack.getAsAdmin("/jobs/" + drill.getString("id") + "/deployment").body();
            assertEquals(template, LifeboatStack.getAsAdmin("/protectedItems/" + item + "/deployments/test").body());
            assertTrue(LifeboatStack.getAsAdmin("/protectedItems/" + item + "/deployments/test/parameters").body()
                    .contains(TEST_NETWORK + "/subnets/app"), "the drill's subnet: the test network's, named after "
                    + "the production subnet");
            cleanUp(item, "drill 1 ok");
            assertEquals(404, LifeboatStack.getAsAdmin("/jobs/" + drill.getString("id") + "/deployment").statusCode());
            cleanUp(item, null); // again: harmless

            // a point by id, after the disk changed and a newer point exists
            machine.disk.randomWrites(200, new Random(1));
            String second = machine.bookmark();
            String secondSha = machine.disk.sha256();
            assertNotEquals(firstSha, secondSha);
            drill(machine, "{\"recoveryPointId\":\"" + first + "\"}", first, firstSha);
            cleanUp(item, null);

            // LatestAppConsistent: none yet (409, nothing changed), then one
            refused(item, "testFailover", "{\"recoveryPointType\":\"LatestAppConsistent\"}",
                    "no app-consistent recovery point");
            machine.disk.randomWrites(50, new Random(2));
            String appConsistent = machine.appConsistentBookmark();
            String appSha = machine.disk.sha256();
            drill(machine, "{\"recoveryPointType\":\"LatestAppConsistent\"}", appConsistent, appSha);
            cleanUp(item, null);

            // Latest: what the agent sent since the last point is applied, then a point is taken
            machine.disk.randomWrites(100, new Random(3));
            Instant written = Instant.now();
            String latestSha = machine.disk.sha256();
            machine.awaitReceived(written);
            JsonObject latest = drill(machine, "{\"recoveryPointType\":\"Latest\"}", null, latestSha);
            String latestPoint = pointOf(latest);
            assertTrue(ids(item).contains(latestPoint), "the Latest point is listed");
            cleanUp(item, null);
            assertTrue(worstRpoSeconds < before.getInt("rpoThresholdMinutes") * 60L,
                    "RPO reached " + worstRpoSeconds + " s during the drills");

            // the real failover, with a shutdown that cannot be done (no vCenter knows the machine): recorded, went on
            JsonObject failover = awaitJob(machine, post(item, "unplannedFailover", "{\"recoveryPointId\":\"" + second
                    + "\",\"performShutdown\":true}"));
            assertEquals("Succeeded", failover.getString("state"), failover.toString());
            JsonObject shutdown = step(failover, "Shut down source machine");
            assertEquals("Failed", shutdown.getString("state"));
            assertTrue(shutdown.getString("detail").contains("matched to no discovered VM"), shutdown.toString());
            assertDisksEqual(machine, folderOf(failover), secondSha);
            JsonObject failedOver = machine.status();
            assertEquals("FailedOver", failedOver.getString("protectionState"));
            assertEquals("Recovery", failedOver.getString("activeLocation"));
            assertEquals(List.of("applyRecoveryPoint", "failoverCommit", "failoverCancel"),
                    strings(failedOver, "allowedOperations"));
            refused(item, "testFailover", "{}", "failed over");
            refused(item, "unplannedFailover", "{}", "failed over already");
            assertEquals(second, machine.status().getString("failoverRecoveryPointId"));
            // disabling would delete the points the failover may still change to: refused, nothing deleted
            Set<String> points = ids(item);
            HttpResponse<String> disabled = LifeboatStack.sendAsAdmin("DELETE", "/protectedItems/" + item, null);
            assertEquals(409, disabled.statusCode(), disabled.body());
            assertTrue(disabled.body().contains("failoverCommit or failoverCancel first"), disabled.body());
            assertEquals(points, ids(item), "a refused disable deleted points");
            assertEquals("FailedOver", machine.status().getString("protectionState"));

            // change of point: the disks are now the other point's, the previous ones gone
            JsonObject changed = awaitJob(machine, post(item, "applyRecoveryPoint", "{\"recoveryPointId\":\"" + first
                    + "\"}"));
            assertEquals("Succeeded", changed.getString("state"), changed.toString());
            assertDisksEqual(machine, folderOf(changed), firstSha);
            assertEquals(List.of(), blobs(folderOf(failover)), "the previous point's failover disks are removed");
            assertEquals(first, machine.status().getString("failoverRecoveryPointId"));

            // commit: the other points are gone
            JsonObject committed = awaitJob(machine, post(item, "failoverCommit", null));
            assertEquals("Succeeded", committed.getString("state"), committed.toString());
            assertEquals(Set.of(first), ids(item));
            JsonObject after = machine.status();
            assertEquals("FailoverCommitted", after.getString("protectionState"));
            assertEquals(List.of("reProtect"), strings(after, "allowedOperations"), "only failback (FailbackIT) goes on");
            for (String action : List.of("applyRecoveryPoint", "failoverCommit", "failoverCancel", "unplannedFailover")) {
                refused(item, action, "{}", "committed");
            }
            assertDisksEqual(machine, folderOf(changed), firstSha);
        }
    }

    @Test
    void cancelledFailoverResumesReplication() throws Exception {
        String item = "cancel-it-" + System.nanoTime() % 100000;
        try (ReplicatingMachine machine = ReplicatingMachine.start(dir, item, POLICY)) {
            String point = machine.bookmark();
            String sha = machine.disk.sha256();
            refused(item, "testFailover", "{\"recoveryPointId\":\"no-such-point\"}", null, 400);
            refused(item, "testFailover", "{\"recoveryPointType\":\"Newest\"}", "recoveryPointType must be one of", 400);
            JsonObject failover = awaitJob(machine, post(item, "unplannedFailover", "{}"));
            assertEquals("Succeeded", failover.getString("state"), failover.toString());
            assertEquals("Skipped", step(failover, "Shut down source machine").getString("state"));
            assertDisksEqual(machine, folderOf(failover), sha);
            assertEquals(point, machine.status().getString("failoverRecoveryPointId"));
            awaitAgentLog(machine, 0, "Disk " + machine.diskId + " is no longer protected"); // replication stopped

            long logFrom = machine.agent.log().length();
            JsonObject cancelled = awaitJob(machine, post(item, "failoverCancel", null));
            assertEquals("Succeeded", cancelled.getString("state"), cancelled.toString());
            assertEquals(List.of(), blobs(item + "/"), "a cancelled failover leaves nothing in the container");
            JsonObject status = machine.status();
            assertEquals("Protected", status.getString("protectionState"));
            assertEquals("Primary", status.getString("activeLocation"));

            // the agent stopped at its configuration pull after the failover, and starts again after the cancel
            awaitAgentLog(machine, logFrom, "Replicating disk " + machine.diskId);
            machine.disk.randomWrites(100, new Random(4));
            String next = machine.bookmark();
            assertEquals(machine.disk.sha256(), machine.imageSha(next), "the next point after the cancel is the source");
        }
    }

    @Test
    void performShutdownPowersTheSourceVmOffThroughItsVcenter() throws Exception {
        String suffix = Long.toHexString(System.nanoTime() & 0xffffffL);
        String fabric = "failover-it-" + suffix;
        String password = "Vc-" + suffix;
        try (VcenterSimulator vcenter = VcenterSimulator.start("administrator@vsphere.local", password)) {
            JsonObject discovered = DiscoveryIT.awaitJob(LifeboatStack.sendAsAdmin("PUT", "/fabrics/" + fabric
                    + "/vcenters/vc", DiscoveryIT.body(vcenter.port(), password)));
            assertEquals("Succeeded", discovered.getString("state"), discovered.toString());
            JsonObject vm = sourceVm(fabric);
            assertEquals("poweredOn", vm.getJsonObject("vm").getString("powerState"));
            // an agent on that VM (matched by its BIOS UUID), its disk given one point straight through the cache
            String item = "shutdown-it-" + suffix;
            DiscoveryIT.registerAgent(item, item, vm.getJsonObject("vm").getString("biosUuid"));
            HttpResponse<String> enabled = LifeboatStack.sendAsAdmin("PUT", "/protectedItems/" + item,
                    "{\"protectableItemId\":\"" + vm.getString("id") + "\"}");
            assertEquals(200, enabled.statusCode(), enabled.body());
            try {
                String diskId = JsonBodies.object(enabled.body()).getJsonArray("disks").getJsonObject(0)
                        .getString("diskId");
                byte[] data = new byte[4096];
                new Random(5).nextBytes(data);
                SickDiskIT.sealSegment(diskId, new org.lifeboat.protocol.DataRecord(diskId, 1,
                        System.currentTimeMillis(), 0, data), new org.lifeboat.protocol.BookmarkRecord(diskId, 2,
                        System.currentTimeMillis(), "shutdown-it-1", org.lifeboat.protocol.Consistency.CRASH_CONSISTENT)
                        .toFrame());
                Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
                while (ids(item).isEmpty()) {
                    assertTrue(Instant.now().isBefore(deadline), "no recovery point within 2 minutes");
                    Thread.sleep(1000);
                }

                JsonObject failover = awaitJob(null, post(item, "unplannedFailover", "{\"performShutdown\":true}"));
                assertEquals("Succeeded", failover.getString("state"), failover.toString());
                JsonObject shutdown = step(failover, "Shut down source machine");
                assertEquals("Succeeded", shutdown.getString("state"), shutdown.toString());
                assertTrue(shutdown.getString("detail").contains("powered off"), shutdown.toString());
                JsonObject rediscovered = DiscoveryIT.awaitJob(LifeboatStack.sendAsAdmin("POST", "/fabrics/" + fabric
                        + "/vcenters/vc/discover", null));
                assertEquals("Succeeded", rediscovered.getString("state"), rediscovered.toString());
                assertEquals("poweredOff", sourceVm(fabric).getJsonObject("vm").getString("powerState"),
                        "vCenter shows the source VM off");
                awaitJob(null, post(item, "failoverCancel", null));
            } finally {
                LifeboatStack.sendAsAdmin("DELETE", "/protectedItems/" + item, null);
                LifeboatStack.sendAsAdmin("DELETE", "/fabrics/" + fabric + "/vcenters/vc", null);
            }
        }
    }

    private static JsonObject sourceVm(String fabric) {
        return JsonBodies.array(LifeboatStack.getAsAdmin("/protectableItems").body()).getValuesAs(JsonObject.class)
                .stream().filter(i -> i.get("vm") instanceof JsonObject
                        && i.getJsonObject("vm").getString("fabric").equals(fabric)
                        && i.getString("name").equals("DC0_H0_VM0")).findFirst()
                .orElseThrow(() -> new AssertionError("VM DC0_H0_VM0 not discovered"));
    }

    // --- failover settings ------------------------------------------------------------------------------

    private static void settingsAreValidated(String item, String diskId) {
        String path = "/protectedItems/" + item + "/failoverSettings";
        String empty = LifeboatStack.getAsAdmin(path).body();
        for (String[] bad : new String[][] {
            {"{\"vmSize\":\"huge\"}", "vmSize"},
            {"{\"targetVmName\":\"-bad-\"}", "targetVmName"},
            {"{\"networkId\":\"/subscriptions/x\",\"subnet\":\"a\"}", "networkId"},
            {"{\"networkId\":\"" + NETWORK + "\"}", "subnet"},
            {"{\"networkId\":\"" + NETWORK + "\",\"subnet\":\"app\",\"staticIp\":\"10.0.0.300\"}", "staticIp"},
            {"{\"staticIp\":\"10.0.0.3\"}", "staticIp"},
            {"{\"bootDiskId\":\"not-a-disk\"}", "bootDiskId"},
            {"{\"vmsize\":\"Standard_D2s_v5\"}", "vmsize"},
            {"{\"vmSize\":7}", "vmSize"},
            {"[]", "body"}}) {
            HttpResponse<String> refused = LifeboatStack.sendAsAdmin("PUT", path, bad[0]);
            assertEquals(400, refused.statusCode(), bad[0] + " -> " + refused.body());
            assertEquals(bad[1], JsonBodies.object(refused.body()).getString("field"), refused.body());
            assertEquals(empty, LifeboatStack.getAsAdmin(path).body(), "a refused PUT changed the settings");
        }
        String good = "{\"targetVmName\":\"web01\",\"vmSize\":\"Standard_D4s_v5\",\"networkId\":\"" + NETWORK
                + "\",\"subnet\":\"app\",\"staticIp\":\"10.1.2.3\",\"bootDiskId\":\"" + diskId + "\"}";
        HttpResponse<String> stored = LifeboatStack.sendAsAdmin("PUT", path, good);
        assertEquals(200, stored.statusCode(), stored.body());
        JsonObject settings = JsonBodies.object(LifeboatStack.getAsAdmin(path).body());
        assertEquals("web01", settings.getString("targetVmName"));
        assertEquals("10.1.2.3", settings.getString("staticIp"));
        assertEquals(diskId, settings.getString("bootDiskId"));
    }

    // --- a drill ----------------------------------------------------------------------------------------

    /**
     * A test failover and what a user checks of it: each failover disk equals the source at the point, is a
     * valid fixed VHD of the disk's size, and is exactly what the ARM template imports; the VM is "-test".
     *
     * @param point the point expected, or null for a new (Latest) one
     */
    private JsonObject drill(ReplicatingMachine machine, String body, String point, String sha) throws Exception {
        JsonObject job = awaitJob(machine, post(machine.item, "testFailover", body));
        assertEquals("Succeeded", job.getString("state"), job.toString());
        for (JsonValue step : job.getJsonArray("steps")) {
            assertEquals("Succeeded", step.asJsonObject().getString("state"), job.toString());
            assertTrue(step.asJsonObject().containsKey("endedAt"), step.toString());
        }
        if (point != null) {
            assertEquals(point, pointOf(job), job.toString());
        }
        String folder = folderOf(job);
        assertDisksEqual(machine, folder, sha);

        JsonObject template = JsonBodies.object(LifeboatStack.getAsAdmin("/jobs/" + job.getString("id")
                + "/deployment").body());
        Set<String> imported = new TreeSet<>();
        JsonObject vm = null;
        for (JsonValue value : template.getJsonArray("resources")) {
            JsonObject resource = value.asJsonObject();
            if (resource.getString("type").equals("Microsoft.Compute/disks")) {
                JsonObject creation = resource.getJsonObject("properties").getJsonObject("creationData");
                assertEquals("Import", creation.getString("createOption"));
                assertTrue(creation.containsKey("storageAccountId"));
                imported.add(creation.getString("sourceUri"));
            } else if (resource.getString("type").equals("Microsoft.Compute/virtualMachines")) {
                vm = resource.getJsonObject("properties");
            }
        }
        BlobContainerClient container = AzuriteStorage.client().getBlobContainerClient("failover");
        Set<String> vhds = new TreeSet<>();
        for (String name : blobs(folder)) {
            if (name.endsWith(".vhd")) {
                vhds.add(container.getBlobClient(name).getBlobUrl());
            }
        }
        assertEquals(vhds, imported, "the template imports exactly the failover disks");
        assertTrue(vm != null, template.toString());
        assertEquals("Attach", vm.getJsonObject("storageProfile").getJsonObject("osDisk").getString("createOption"));
        assertFalse(vm.containsKey("osProfile"), "no osProfile for an attached OS disk");
        assertEquals("web01-test", template.getJsonObject("parameters").getJsonObject("vmName")
                .getString("defaultValue"));
        JsonObject parameters = JsonBodies.object(LifeboatStack.getAsAdmin("/jobs/" + job.getString("id")
                + "/deployment/parameters").body());
        assertEquals("Standard_D4s_v5", parameters.getJsonObject("parameters").getJsonObject("vmSize")
                .getString("value"));
        return job;
    }

    private void cleanUp(String item, String comments) throws Exception {
        JsonObject job = awaitJob(null, post(item, "testFailoverCleanup", comments == null ? null
                : "{\"comments\":\"" + comments + "\"}"));
        assertEquals("Succeeded", job.getString("state"), job.toString());
        assertEquals(List.of(), blobs(item + "/"), "cleanup leaves no artifact in the failover container");
        assertEquals("None", JsonBodies.object(LifeboatStack.getAsAdmin("/protectedItems/" + item).body())
                .getString("testFailoverState"));
        if (comments != null) {
            assertTrue(LifeboatStack.getAsAdmin("/events?max=20").body().contains(comments), "comments recorded");
        }
    }

    /** Each .vhd of the folder: the image before its footer hashes as the source; qemu-img reads it as a VHD of the disk's size. */
    private static void assertDisksEqual(ReplicatingMachine machine, String folder, String sha) throws Exception {
        BlobContainerClient container = AzuriteStorage.client().getBlobContainerClient("failover");
        List<String> disks = blobs(folder).stream().filter(n -> n.endsWith(".vhd")).toList();
        assertEquals(List.of(folder + machine.diskId + ".vhd"), disks);
        Path local = dir.resolve("failover-disk.vhd");
        Files.deleteIfExists(local);
        container.getBlobClient(disks.get(0)).downloadToFile(local.toString());
        assertEquals(DISK + 512, Files.size(local));
        try (InputStream in = Files.newInputStream(local)) {
            assertEquals(sha, DiskImage.sha256(in, DISK), "the failover disk is the source at the point");
        }
        LifeboatStack.CommandResult info = LifeboatStack.run(List.of("qemu-img", "info", "-f", "vpc", "--output",
                "json", local.toString()), Duration.ofSeconds(60));
        assertEquals(0, info.exitCode(), info.toString());
        assertEquals(DISK, JsonBodies.object(info.stdout()).getJsonNumber("virtual-size").longValue(), info.stdout());
        Files.delete(local);
    }

    // --- helpers ----------------------------------------------------------------------------------------

    private static HttpResponse<String> post(String item, String action, String body) {
        return LifeboatStack.sendAsAdmin("POST", "/protectedItems/" + item + "/" + action, body);
    }

    private static void refused(String item, String action, String body, String reason) {
        refused(item, action, body, reason, 409);
    }

    /** The action is refused with the status and reason, and the item's failover state did not change. */
    private static void refused(String item, String action, String body, String reason, int status) {
        JsonObject before = item(item);
        HttpResponse<String> answer = post(item, action, body);
        assertEquals(status, answer.statusCode(), action + ": " + answer.body());
        if (reason != null) {
            assertTrue(JsonBodies.object(answer.body()).getString("error").contains(reason), answer.body());
        }
        JsonObject after = item(item);
        for (String field : List.of("protectionState", "activeLocation", "testFailoverState", "allowedOperations")) {
            assertEquals(before.get(field), after.get(field), action + " refused, yet " + field + " changed");
        }
    }

    private static JsonObject item(String item) {
        return JsonBodies.object(LifeboatStack.getAsAdmin("/protectedItems/" + item).body());
    }

    /** The job's end, sampling the item's RPO meanwhile: a failover must not stall replication. */
    private JsonObject awaitJob(ReplicatingMachine machine, HttpResponse<String> started) throws InterruptedException {
        return ApiJobs.await(ApiJobs.id(started), ApiJobs.ENDED, Duration.ofMinutes(5), () -> {
            if (machine != null) {
                JsonObject status = machine.status();
                if (status.containsKey("rpoSeconds") && !status.isNull("rpoSeconds")) { // none while failed over
                    worstRpoSeconds = Math.max(worstRpoSeconds, status.getJsonNumber("rpoSeconds").longValue());
                }
            }
        }, () -> "");
    }

    private static JsonObject step(JsonObject job, String name) {
        return job.getJsonArray("steps").getValuesAs(JsonObject.class).stream()
                .filter(s -> s.getString("name").equals(name)).findFirst().orElseThrow(() -> new AssertionError(
                        "no step '" + name + "' in " + job));
    }

    /** The failover container's folder a job made, from its result. */
    private static String folderOf(JsonObject job) {
        String result = job.getString("result");
        int at = result.indexOf("failover/");
        assertTrue(at >= 0, result);
        return result.substring(at + "failover/".length()).strip();
    }

    private static String pointOf(JsonObject job) {
        String detail = step(job, "Choose recovery point").getString("detail");
        int at = detail.indexOf("recovery point ");
        return detail.substring(at + "recovery point ".length()).split(" ")[0];
    }

    private static List<String> blobs(String prefix) {
        List<String> names = new ArrayList<>();
        BlobContainerClient container = AzuriteStorage.client().getBlobContainerClient("failover");
        if (Boolean.TRUE.equals(container.exists())) {
            for (BlobItem blob : container.listBlobs(new ListBlobsOptions().setPrefix(prefix), null)) {
                names.add(blob.getName());
            }
        }
        return names;
    }

    private static Set<String> ids(String item) {
        Set<String> ids = new TreeSet<>();
        JsonBodies.array(LifeboatStack.getAsAdmin("/protectedItems/" + item + "/recoveryPoints").body())
                .getValuesAs(JsonObject.class).forEach(p -> ids.add(p.getString("id")));
        return ids;
    }

    private static List<String> strings(JsonObject object, String field) {
        return object.getJsonArray(field).getValuesAs(jakarta.json.JsonString.class).stream()
                .map(jakarta.json.JsonString::getString).toList();
    }

    /** Waits until the server holds, durable, what the agent read of the disk after {@code written}. */
    private static void awaitAgentLog(ReplicatingMachine machine, long from, String text) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(3));
        while (Instant.now().isBefore(deadline)) {
            String log = machine.agent.log();
            if (log.length() > from && log.substring((int) from).contains(text)) {
                return;
            }
            Thread.sleep(1000);
        }
        throw new AssertionError("the agent did not log '" + text + "' within 3 minutes:\n" + machine.agent.log());
    }
}
