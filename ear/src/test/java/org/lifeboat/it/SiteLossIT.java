package org.lifeboat.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.net.http.HttpResponse;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

/**
 * The site is lost: a new Lifeboat, in a home of its own that never saw the lost site's (no database, no
 * secrets, no journal of it), given only the storage connection string and the recovery key an operator
 * kept off-site, lists every protected item with its recovery points (ids, times, types) and policy,
 * and each point's disk image hashes equal to what it was at the lost site. Before that, the new home,
 * started with its own key, and a wrong key write nothing to the storage account and nothing to its
 * database. The build's shared stack plays the lost site (its agents are stopped; it cannot be deleted,
 * other tests use it); the storage account outside the new home is the shared stack's Azurite, trusted
 * through LIFEBOAT_AZURE_STORAGE_CA_FILE.
 */
class SiteLossIT {

    private static final int NEW_SITE_PORT_BASE = Integer.getInteger("lifeboat.siteloss.port.base",
            LifeboatStack.PORT_BASE + 300);
    private static final Path TARGET = LifeboatStack.HOME.getParent();
    private static final String POLICY = "siteloss";

    /** A point as both sites list it, with its disk image's SHA-256. */
    private record Point(String id, String bookmarkId, String sourceTime, String consistency, String sha) {
    }

    @Test
    void aNewHomeWithTheRecoveryKeyListsEveryItemPointAndPolicyAndTheImagesAreUnchanged() throws Exception {
        Path dir = TARGET.resolve("site-loss");
        Path newHome = TARGET.resolve("site-loss-home");
        LifeboatStack.deleteTree(dir); // agents' state of an earlier run, if any
        LifeboatStack.deleteTree(newHome);
        Files.createDirectories(dir);
        LifeboatStack.sendAsAdmin("PUT", "/replicationPolicies/" + POLICY,
                "{\"rpoThresholdMinutes\":20,\"retentionHours\":48,\"crashConsistentFrequencyMinutes\":5}");
        List<ReplicatingMachine> machines = new ArrayList<>();
        SecondHome site = null;
        ReplicatingMachine app = null;
        try {
            machines.add(ReplicatingMachine.start(dir, "lost-web", POLICY));
            machines.add(ReplicatingMachine.start(dir, "lost-db", null));
            // a machine failed over (and committed) before the loss: it fails back from the new home
            app = ReplicatingMachine.start(dir, "lost-app", null);
            app.disk.randomWrites(20, new Random(3));
            String failoverJob = ApiJobs.id(LifeboatStack.sendAsAdmin("POST", "/protectedItems/lost-app/unplannedFailover",
                    "{\"recoveryPointId\":\"" + app.bookmark() + "\"}"));
            assertEquals("Succeeded", ApiJobs.awaitEnd(failoverJob, Duration.ofMinutes(5)).getString("state"));
            assertEquals("Succeeded", ApiJobs.awaitEnd(LifeboatStack.sendAsAdmin("POST",
                    "/protectedItems/lost-app/failoverCommit", null), Duration.ofMinutes(5)).getString("state"));
            app.agent.close();
            String failoverDisk = "lost-app/failover-" + failoverJob + "/" + app.diskId + ".vhd";
            Map<String, List<Point>> before = new LinkedHashMap<>();
            for (ReplicatingMachine machine : machines) {
                Random random = new Random(machine.item.hashCode());
                for (int i = 0; i < 3; i++) {
                    machine.disk.randomWrites(40, random);
                    machine.bookmark();
                }
                machine.agent.close(); // the site burns: nothing replicates any more
                // listed after the agent stopped: a scheduled point taken meanwhile is in the list (seen in a run)
                before.put(machine.item, pointsAtTheLostSite(machine));
            }
            awaitCatalogWritten();

            // what the operator kept off-site: the key, the connection string (and here Azurite's certificate)
            LifeboatStack.CommandResult exported = LifeboatStack.launcher("vault", "export-key");
            assertEquals(0, exported.exitCode(), exported.toString());
            Path offSiteKey = Files.writeString(dir.resolve("off-site.key"), exported.stdout());
            Path wrongKey = Files.writeString(dir.resolve("wrong.key"), randomKey());
            Map<String, String> settings = Map.of(
                    "LIFEBOAT_AZURE_STORAGE_CONNECTION_STRING",
                    LifeboatStack.read(LifeboatStack.HOME.resolve("secrets/storage-connection-string")),
                    "LIFEBOAT_AZURE_STORAGE_CA_FILE", LifeboatStack.serverCertificate().toString());

            List<String> storageBefore = AzuriteStorage.inventory("vault", "seeds");
            LifeboatStack.CommandResult start = LifeboatStack.launcherIn(newHome, NEW_SITE_PORT_BASE, settings,
                    Duration.ofMinutes(45), "start");
            assertEquals(0, start.exitCode(), start.toString());
            site = new SecondHome(newHome, NEW_SITE_PORT_BASE, start);
            assertTrue(start.stdout().contains("IMPORTANT: a vault recovery key was created"), start.stdout());
            assertEquals("FOREIGN", awaitCatalogOwnership(site), "a new home's own key does not open the lost site's catalog");

            LifeboatStack.CommandResult refused = site.launcher("vault", "recover", "--key-file", wrongKey.toString());
            assertEquals(1, refused.exitCode(), refused.toString());
            assertTrue(refused.stderr().contains("this recovery key does not open the vault catalog"), refused.toString());
            assertTrue(refused.stderr().contains("nothing was changed"), refused.toString());
            assertEquals(storageBefore, AzuriteStorage.inventory("vault", "seeds"),
                    "neither the new home's start nor a wrong key wrote to the storage account");
            assertEquals("[]", site.getAsAdmin("/protectedItems").body());
            assertEquals(404, site.getAsAdmin("/replicationPolicies/" + POLICY).statusCode());

            LifeboatStack.CommandResult recovered = site.launcher("vault", "recover", "--key-file", offSiteKey.toString());
            assertEquals(0, recovered.exitCode(), recovered.toString());
            // the shared stack's vault also holds the items of tests that ran before this one: each of this
            // test's items is named, and its points are compared one by one below
            for (ReplicatingMachine machine : machines) {
                assertTrue(recovered.stdout().contains("\"" + machine.item + "\""), recovered.toString());
            }
            assertTrue(recovered.stdout().contains("\"lost-app\""), recovered.toString());

            for (ReplicatingMachine machine : machines) {
                JsonObject item = JsonBodies.object(site.getAsAdmin("/protectedItems/" + machine.item).body());
                assertEquals("Recovered", item.getString("state"), item.toString());
                assertTrue(!item.containsKey("agentId") || item.isNull("agentId"), item.toString());
                assertEquals(machine.item.equals("lost-web") ? POLICY : "default", item.getString("policy"));
                assertEquals(machine.diskId, item.getJsonArray("disks").getJsonObject(0).getString("diskId"));
                List<Point> after = new ArrayList<>();
                for (JsonObject p : JsonBodies.array(site.getAsAdmin("/protectedItems/" + machine.item
                        + "/recoveryPoints").body()).getValuesAs(JsonObject.class)) {
                    after.add(new Point(p.getString("id"), p.getString("bookmarkId"), p.getString("sourceTime"),
                            p.getString("consistency"), imageSha(site, machine, p.getString("id"))));
                }
                assertEquals(before.get(machine.item), after, machine.item + ": points and images after the loss");
            }
            for (ReplicatingMachine machine : machines) {
                // what the day is for: fail over from the new home; the disk is the lost site's last point
                String folder = testFailover(site, machine.item);
                assertEquals(before.get(machine.item).get(0).sha(),
                        AzuriteStorage.failoverDiskSha(folder + machine.diskId + ".vhd"),
                        machine.item + ": the failover disk made in the new home is the last point");
            }
            JsonObject policy = JsonBodies.object(site.getAsAdmin("/replicationPolicies/" + POLICY).body());
            assertEquals(20, policy.getInt("rpoThresholdMinutes"), policy.toString());
            assertEquals(48, policy.getInt("retentionHours"), policy.toString());
            assertEquals("OWN", awaitCatalogOwnership(site));
            failBackInTheNewHome(site, app, failoverDisk, dir);
        } finally {
            if (site != null) {
                site.launcher("stop");
            }
            for (ReplicatingMachine machine : machines) {
                machine.close();
            }
            if (app != null) {
                app.close();
            }
            LifeboatStack.sendAsAdmin("DELETE", "/replicationPolicies/" + POLICY, null);
        }
        LifeboatStack.deleteTree(newHome);
    }

    /** A test failover to the newest point in the new home; returns the failover container's folder it made. */
    private static String testFailover(SecondHome site, String item) throws InterruptedException {
        JsonObject job = succeeded(site, site.postAsAdmin("/protectedItems/" + item + "/testFailover",
                "{\"recoveryPointType\":\"LatestProcessed\"}"));
        String result = job.getString("result");
        int at = result.indexOf("failover/");
        assertTrue(at >= 0, result);
        return result.substring(at + "failover/".length()).strip();
    }

    /**
     * Failback with the lost site's server gone: the item failed over and committed there is FailoverCommitted
     * here; the failed-over machine (a byte copy of its failover disk, written to in Azure) and the original
     * machine register with the new server; reProtect towards Primary needs the original machine's agent as
     * master target (400 without, nothing changed), then the reverse side sends only what differs, the planned
     * failover's point is received into the on-premises disk, which ends equal to the failed-over disk, and
     * reProtect towards Recovery resyncs the item through the adopted agent.
     */
    private static void failBackInTheNewHome(SecondHome site, ReplicatingMachine app, String failoverDisk, Path dir)
            throws Exception {
        String item = app.item;
        String reverse = item + "-failback";
        JsonObject committed = itemIn(site, item);
        assertEquals("FailoverCommitted", committed.getString("protectionState"), committed.toString());
        assertEquals("[\"reProtect\"]", committed.getJsonArray("allowedOperations").toString());

        DiskImage azure = AzuriteStorage.failoverDiskCopy(failoverDisk, dir.resolve(item + "-azure.img"),
                app.disk.size());
        azure.randomWrites(40, new Random(11)); // the machine ran in Azure for a while
        Path azureState = dir.resolve(item + "-azure-state");
        String azureAgentId = AgentProcess.register(site.api(), site.registrationPassphrase(), azure.file(),
                azureState, item + "-azure");
        Path onPremisesState = dir.resolve(item + "-state-new-home"); // its registration died with the lost server
        String masterTarget = AgentProcess.register(site.api(), site.registrationPassphrase(), app.disk.file(),
                onPremisesState, item);

        HttpResponse<String> noMasterTarget = site.postAsAdmin("/protectedItems/" + item + "/reProtect",
                "{\"direction\":\"RecoveryToPrimary\",\"agentId\":\"" + azureAgentId + "\"}");
        assertEquals(400, noMasterTarget.statusCode(), noMasterTarget.body());
        assertEquals("masterTargetId", JsonBodies.object(noMasterTarget.body()).getString("field"));
        JsonObject unchanged = itemIn(site, item);
        for (String field : List.of("protectionState", "activeLocation", "allowedOperations", "agentId")) {
            assertEquals(committed.get(field), unchanged.get(field), "a refused reProtect changed " + field);
        }
        assertEquals(404, site.getAsAdmin("/protectedItems/" + reverse).statusCode());

        succeeded(site, site.postAsAdmin("/protectedItems/" + item + "/reProtect", "{\"direction\":"
                + "\"RecoveryToPrimary\",\"agentId\":\"" + azureAgentId + "\",\"masterTargetId\":\"" + masterTarget
                + "\"}"));
        assertEquals(masterTarget, itemIn(site, item).getString("agentId"), "the original machine's agent");
        String azureSha = azure.sha256();
        String finalPoint;
        try (AgentProcess azureAgent = new AgentProcess(azureState).start()) {
            ReplicatingMachine.awaitDeltaReplication(() -> itemIn(site, reverse), azureAgent);
            succeeded(site, site.postAsAdmin("/protectedItems/" + item + "/plannedFailover",
                    "{\"failoverDirection\":\"RecoveryToPrimary\"}"));
            finalPoint = itemIn(site, item).getString("failbackRecoveryPointId");
        }
        String reverseDisk = itemIn(site, reverse).getJsonArray("disks").getJsonObject(0).getString("diskId");
        LifeboatStack.CommandResult received = LifeboatStack.agent("receive", "--state", onPremisesState.toString(),
                "--disk-id", reverseDisk, "--point", finalPoint, "--disk", app.disk.file().toString());
        assertEquals(0, received.exitCode(), received.toString());
        System.out.println("SiteLossIT: failback from the recovered vault: " + received.stdout().strip());
        assertEquals(azureSha, app.disk.sha256(), "the on-premises disk is not the failed-over disk");

        JsonObject forward = succeeded(site, site.postAsAdmin("/protectedItems/" + item + "/reProtect",
                "{\"direction\":\"PrimaryToRecovery\"}"));
        Matcher resync = Pattern.compile("resync job (\\S+)").matcher(forward.getString("result"));
        assertTrue(resync.find(), forward.toString());
        try (AgentProcess onPremises = new AgentProcess(onPremisesState).start()) {
            JsonObject resynced = ApiJobs.awaitEnd(site, resync.group(1), Duration.ofMinutes(5));
            assertEquals("Succeeded", resynced.getString("state"), resynced + "\n--- agent log\n" + onPremises.log());
        }
        assertEquals("Primary", itemIn(site, item).getString("activeLocation"));
    }

    private static JsonObject succeeded(SecondHome site, HttpResponse<String> started) throws InterruptedException {
        JsonObject job = ApiJobs.awaitEnd(site, started, Duration.ofMinutes(5));
        assertEquals("Succeeded", job.getString("state"), job.toString());
        return job;
    }

    private static JsonObject itemIn(SecondHome site, String item) {
        HttpResponse<String> response = site.getAsAdmin("/protectedItems/" + item);
        assertEquals(200, response.statusCode(), response.body());
        return JsonBodies.object(response.body());
    }

    private static List<Point> pointsAtTheLostSite(ReplicatingMachine machine) throws Exception {
        List<Point> points = new ArrayList<>();
        for (JsonObject p : JsonBodies.array(LifeboatStack.getAsAdmin("/protectedItems/" + machine.item
                + "/recoveryPoints").body()).getValuesAs(JsonObject.class)) {
            points.add(new Point(p.getString("id"), p.getString("bookmarkId"), p.getString("sourceTime"),
                    p.getString("consistency"), machine.imageSha(p.getString("id"))));
        }
        assertTrue(points.size() >= 3, machine.item + " has " + points);
        assertNotEquals(points.get(0).sha(), points.get(points.size() - 1).sha(), "the points differ");
        return points;
    }

    private static String imageSha(SecondHome site, ReplicatingMachine machine, String point) throws Exception {
        HttpResponse<InputStream> image = site.streamAsAdmin("/protectedItems/" + machine.item + "/recoveryPoints/"
                + point + "/disks/" + machine.diskId + "/image");
        try (InputStream in = image.body()) {
            assertEquals(200, image.statusCode());
            return DiskImage.sha256(in);
        }
    }

    /** The lost site's catalog holds its last change: nothing pending, written after the newest point. */
    private static void awaitCatalogWritten() throws InterruptedException {
        Instant newest = Instant.now();
        Instant deadline = newest.plus(Duration.ofMinutes(3));
        String vault = "";
        while (Instant.now().isBefore(deadline)) {
            vault = LifeboatStack.getAsAdmin("/vault").body();
            JsonObject state = JsonBodies.object(vault);
            if ("OWN".equals(state.getString("catalog")) && state.getInt("pendingItems") == 0
                    && state.containsKey("lastWrittenAt") && !state.isNull("lastWrittenAt")
                    && Instant.parse(state.getString("lastWrittenAt")).isAfter(newest.minusSeconds(120))) {
                Thread.sleep(2000); // a change committed just now reaches the catalog's queue after its commit
                if (JsonBodies.object(LifeboatStack.getAsAdmin("/vault").body()).getInt("pendingItems") == 0) {
                    return;
                }
            }
            Thread.sleep(500);
        }
        throw new AssertionError("the lost site's vault catalog was not written within 3 minutes: " + vault);
    }

    /** Whose catalog the new home found, once it looked (its first pass runs within 30 s of the start). */
    private static String awaitCatalogOwnership(SecondHome site) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(3));
        String catalog = "UNKNOWN";
        while (Instant.now().isBefore(deadline) && "UNKNOWN".equals(catalog)) {
            catalog = JsonBodies.object(site.getAsAdmin("/vault").body()).getString("catalog");
            Thread.sleep(1000);
        }
        return catalog;
    }

    private static String randomKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return Base64.getEncoder().encodeToString(key) + "\n";
    }
}
