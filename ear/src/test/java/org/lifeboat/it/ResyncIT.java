package org.lifeboat.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.azure.storage.blob.specialized.PageBlobClient;
import com.azure.storage.blob.models.PageRange;
import jakarta.json.JsonObject;
import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Resync through the real stack: a replicated disk's seed page blob is damaged behind Lifeboat's back
 * (straight through the Azure SDK), a resync finds exactly the damaged blocks, the agent sends them again,
 * and the next recovery point is the source disk bit for bit. Plus the contract of the resync endpoint
 * and of the agents' checksum endpoint.
 */
class ResyncIT {

    private static final int BLOCK = 64 << 10;
    /** Blocks of the 64 MiB disk (1024 blocks) to damage in the seed; 0 and the last one included. */
    private static final int[] DAMAGED = {0, 5, 300, 1023};

    @TempDir
    static Path dir;

    @Test
    void aDamagedSeedIsRepairedBySendingOnlyTheDifferingBlocks() throws Exception {
        String item = "resync-it-" + System.nanoTime() % 100000;
        try (ReplicatingMachine machine = ReplicatingMachine.start(dir, item, null)) {
            String source = machine.disk.sha256();
            // a first point: everything replicated so far is applied to the seed, and the disk stays idle
            String first = machine.bookmark();
            String diskId = machine.status().getJsonArray("disks").getJsonObject(0).getString("diskId");
            assertEquals(source, machine.imageSha(first));

            damageSeed(diskId);
            HttpResponse<String> started = LifeboatStack.sendAsAdmin("POST", "/protectedItems/" + item + "/resync", null);
            assertEquals(202, started.statusCode(), started.body());
            String location = started.headers().firstValue("Location").orElseThrow();
            String jobId = JsonBodies.object(started.body()).getString("id");
            assertTrue(location.endsWith("/jobs/" + jobId), location);

            HttpResponse<String> again = LifeboatStack.sendAsAdmin("POST", "/protectedItems/" + item + "/resync", null);
            assertEquals(409, again.statusCode(), "a second resync while one runs: " + again.body());

            JsonObject job = ApiJobs.await(jobId, ApiJobs.ENDED, Duration.ofMinutes(3), () -> { }, () -> "\n--- agent log\n" + machine.agent.log());
            assertEquals("Succeeded", job.getString("state"), job.toString());
            assertEquals(100, job.getInt("progressPercent"));
            assertTrue(job.getString("result").endsWith(": 1024 blocks compared, " + DAMAGED.length
                    + " differed (sent)"), job.getString("result"));

            String repaired = machine.bookmark();
            assertEquals(source, machine.imageSha(repaired), "the point after the resync differs from the source");
            assertEquals(source, machine.imageSha(first), "the point before the damage changed");
        }
    }

    @Test
    void contract() throws Exception {
        String item = "resync-contract-" + System.nanoTime() % 100000;
        RegisteredTestAgent agent = RegisteredTestAgent.registerAndProtect(item, 1L << 20);
        try {
            HttpResponse<String> anonymous = LifeboatStack.http().send(HttpRequest.newBuilder(
                    LifeboatStack.api("/protectedItems/" + item + "/resync")).POST(HttpRequest.BodyPublishers.noBody())
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(401, anonymous.statusCode());
            HttpResponse<String> unknown = LifeboatStack.sendAsAdmin("POST", "/protectedItems/no-such-item-" + item
                    + "/resync", null);
            assertEquals(404, unknown.statusCode(), unknown.body());
            assertTrue(JsonBodies.object(unknown.body()).containsKey("error"), unknown.body());
            // no agent ever replicated it: still in initial replication
            HttpResponse<String> initial = LifeboatStack.sendAsAdmin("POST", "/protectedItems/" + item + "/resync", null);
            assertEquals(409, initial.statusCode(), initial.body());
            assertTrue(initial.body().contains("initial replication"), initial.body());

            // the checksums an agent reads: 16 blocks of 64 KiB, 8 bytes each, of an all-zero seed
            HttpResponse<byte[]> checksums = asAgent(agent, "/agents/" + agent.agentId + "/disks/" + agent.diskId
                    + "/checksums");
            assertEquals(200, checksums.statusCode());
            assertEquals("65536", checksums.headers().firstValue("Lifeboat-Block-Size").orElse(""));
            assertEquals(16 * 8, checksums.body().length);
            byte[] firstBlock = Arrays.copyOf(checksums.body(), 8);
            for (int block = 1; block < 16; block++) {
                assertTrue(Arrays.equals(firstBlock, Arrays.copyOfRange(checksums.body(), block * 8, block * 8 + 8)),
                        "zero blocks hash alike");
            }
            assertEquals(404, asAgent(agent, "/agents/" + agent.agentId + "/disks/no-such-disk/checksums").statusCode());
            HttpResponse<String> noLogin = LifeboatStack.get(LifeboatStack.api("/agents/" + agent.agentId + "/disks/"
                    + agent.diskId + "/checksums"), null, null);
            assertEquals(401, noLogin.statusCode());
        } finally {
            LifeboatStack.sendAsAdmin("DELETE", "/protectedItems/" + item, null);
        }
    }

    /**
     * Overwrites the first sector of each damaged block of the seed page blob, as a storage fault would: a fault
     * heeds no lease, so the applier's is broken first (it takes it back at its next write).
     */
    private static void damageSeed(String diskId) {
        new com.azure.storage.blob.specialized.BlobLeaseClientBuilder().blobClient(AzuriteStorage.seedBlob(diskId))
                .buildClient().breakLeaseWithResponse(new com.azure.storage.blob.options.BlobBreakLeaseOptions()
                        .setBreakPeriod(Duration.ZERO), null, com.azure.core.util.Context.NONE);
        PageBlobClient seed = AzuriteStorage.seedBlob(diskId).getPageBlobClient();
        byte[] garbage = new byte[512];
        Arrays.fill(garbage, (byte) 0xA5);
        for (int block : DAMAGED) {
            long offset = (long) block * BLOCK;
            seed.uploadPages(new PageRange().setStart(offset).setEnd(offset + 511), new ByteArrayInputStream(garbage));
        }
    }

    private static HttpResponse<byte[]> asAgent(RegisteredTestAgent agent, String path) throws Exception {
        return LifeboatStack.http().send(HttpRequest.newBuilder(LifeboatStack.api(path)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + agent.agentId + "." + agent.credential).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }
}
