package org.lifeboat.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.azure.storage.blob.specialized.BlobLeaseClient;
import com.azure.storage.blob.specialized.BlobLeaseClientBuilder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Random;
import java.util.function.Predicate;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.lifeboat.protocol.BookmarkRecord;
import org.lifeboat.protocol.Consistency;
import org.lifeboat.protocol.DataRecord;
import org.lifeboat.protocol.Frame;
import org.lifeboat.protocol.FrameWriter;

/**
 * One sick disk in the process server while others replicate (issue 9): its failures are retried with
 * back-off and shown on its item as health Critical with the reason, while the healthy disk keeps being
 * applied (its points equal its source), no snapshot leaks per retry, and the sick item recovers once
 * the cause is gone; and disabling an item while Azure Storage is away. The sick disk is always the one
 * whose id sorts first: the stages used to go through the disks in that order inside one {@code try}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SickDiskIT {

    private static final String FAILING = "DiskReplicationFailing";

    @TempDir
    static Path dir;

    private final Random random = new Random(20261201);
    private ReplicatingMachine first;
    private ReplicatingMachine second;

    @BeforeAll
    void startMachines() throws Exception {
        first = ReplicatingMachine.start(dir, "sick-it-a", null);
        second = ReplicatingMachine.start(dir, "sick-it-b", null);
    }

    @AfterAll
    void stopMachines() throws Exception {
        for (ReplicatingMachine machine : new ReplicatingMachine[]{first, second}) {
            if (machine != null) {
                machine.close();
            }
        }
    }

    @Test
    @Order(1)
    void aPoisonedRecordOnOneDiskNeitherStopsAnotherNorLeaksSnapshots() throws Exception {
        ReplicatingMachine healthy = first.diskId.compareTo(second.diskId) > 0 ? first : second;
        RegisteredTestAgent poisoned = RegisteredTestAgent.registerAndProtect("sick-it-poisoned", 1L << 20);
        for (int tries = 0; poisoned.diskId.compareTo(healthy.diskId) > 0 && tries < 10; tries++) {
            poisoned = RegisteredTestAgent.registerAndProtect("sick-it-poisoned", 1L << 20);
        }
        assertTrue(poisoned.diskId.compareTo(healthy.diskId) < 0, "no disk id sorting first in 10 tries");
        // a segment already journaled with a bookmark id longer than the vault's column (64): its
        // recovery point row can never be written, however often it is tried
        sealSegment(poisoned.diskId, new DataRecord(poisoned.diskId, 1, System.currentTimeMillis(), 0, new byte[4096]),
                ReplicationClients.rawBookmark(poisoned.diskId, 2, "b".repeat(65)));
        try {
            healthy.disk.randomWrites(100, random);
            String sha = healthy.disk.sha256();

            String point = healthy.bookmark();

            assertEquals(sha, healthy.imageSha(point), "the healthy disk's point differs from its source");
            JsonObject sick = awaitStatus("sick-it-poisoned", s -> hasReason(s, FAILING), Duration.ofMinutes(2));
            assertEquals("Critical", sick.getString("health"), sick.toString());
            assertTrue(reason(sick, FAILING).contains("bookmark"), "the reason names what fails: " + sick);
            assertEquals(0, AzuriteStorage.seedSnapshots(poisoned.diskId),
                    "a snapshot was left behind by an apply that failed");
        } finally {
            // the segment may be in the cache container by now: disabling the item drops it wherever it is
            LifeboatStack.sendAsAdmin("DELETE", "/protectedItems/sick-it-poisoned", null);
        }
    }

    /**
     * The applier holds a lease on each seed blob it writes (the second fence of docs/scale-out.md): a lease someone
     * else takes (breaking the applier's) makes its next write fail with 412; the applier stops the disk, logs why
     * once, reads the assignment again and, still the owner, takes the lease back. Nothing is lost, and the other
     * disk keeps being applied.
     */
    @Test
    @Order(2)
    void aDiskWhoseSeedBlobIsLeasedAwayIsTakenBackByItsOwnerAndTheOtherKeepsBeingApplied() throws Exception {
        ReplicatingMachine sick = first.diskId.compareTo(second.diskId) < 0 ? first : second;
        ReplicatingMachine healthy = sick == first ? second : first;
        long log = LifeboatStack.serverLogSize();
        BlobLeaseClient lease = new BlobLeaseClientBuilder().blobClient(AzuriteStorage.seedBlob(sick.diskId)).buildClient();
        lease.breakLease(); // the applier's infinite lease: broken at once
        lease.acquireLease(-1); // its Put Page now fails with 412
        sick.disk.randomWrites(50, random);
        healthy.disk.randomWrites(100, random);
        String sha = healthy.disk.sha256();

        String point = healthy.bookmark();

        assertEquals(sha, healthy.imageSha(point), "the healthy disk's point differs from its source");
        String sickSha = sick.disk.sha256();
        String sickPoint = sick.bookmark();
        assertEquals(sickSha, sick.imageSha(sickPoint), "the leased-away disk's point differs from its source");
        LifeboatStack.awaitServerLog(log, "Stopped applying disk " + sick.diskId + ": another writer took the lease on "
                + "its seed blob " + sick.diskId + ".vhd (", Duration.ofSeconds(10));
        LifeboatStack.awaitServerLog(log, "Disk " + sick.diskId + " of '" + sick.item + "' is applied here again (epoch ",
                Duration.ofSeconds(10));
    }

    @Test
    @Order(3)
    void disablingWhileAzureStorageIsAwayListsNothingAndFinishesWhenItIsBack() throws Exception {
        RegisteredTestAgent agent = RegisteredTestAgent.registerAndProtect("sick-it-disabled", 1L << 20);
        sealSegment(agent.diskId, new DataRecord(agent.diskId, 1, System.currentTimeMillis(), 0, new byte[4096]),
                new BookmarkRecord(agent.diskId, 2, System.currentTimeMillis(), "disabled-it-1",
                        Consistency.CRASH_CONSISTENT).toFrame()); // the applier takes it, and gives the item a point
        awaitPoints("sick-it-disabled", 1);
        assertEquals(1, AzuriteStorage.seedSnapshots(agent.diskId));
        long azurite = Long.parseLong(LifeboatStack.read(LifeboatStack.HOME.resolve("run/azurite.pid")));
        ProcessHandle.of(azurite).ifPresent(ProcessHandle::destroy);
        try {
            HttpResponse<String> disabled = LifeboatStack.sendAsAdmin("DELETE", "/protectedItems/sick-it-disabled", null);

            assertEquals(204, disabled.statusCode(), disabled.body());
            assertEquals(404, LifeboatStack.getAsAdmin("/protectedItems/sick-it-disabled/recoveryPoints").statusCode());
            assertEquals(404, LifeboatStack.getAsAdmin("/protectedItems/sick-it-disabled").statusCode());
        } finally {
            LifeboatStack.CommandResult start = LifeboatStack.launcher("start");
            assertEquals(0, start.exitCode(), start.toString());
        }
        Instant deadline = Instant.now().plus(Duration.ofMinutes(3));
        while (Boolean.TRUE.equals(AzuriteStorage.seedBlob(agent.diskId).exists())) {
            assertTrue(Instant.now().isBefore(deadline), "the disabled item's seed blob is still there after 3 minutes");
            Thread.sleep(2000);
        }
    }

    private static void awaitPoints(String item, int count) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
        int points = 0;
        while (points < count) {
            assertTrue(Instant.now().isBefore(deadline), "'" + item + "' has " + points + " points after 2 minutes");
            Thread.sleep(1000);
            points = JsonBodies.array(LifeboatStack.getAsAdmin("/protectedItems/" + item + "/recoveryPoints").body())
                    .size();
        }
    }

    /** Puts a sealed segment of these records into the cache, as the journal would have sealed it. */
    static Path sealSegment(String diskId, DataRecord data, Frame bookmark) throws IOException {
        ByteArrayOutputStream frames = new ByteArrayOutputStream();
        FrameWriter writer = new FrameWriter(frames);
        writer.write(data.toFrame());
        writer.write(bookmark);
        Path sealed = LifeboatStack.HOME.resolve("cache/sealed");
        Files.createDirectories(sealed);
        Path file = sealed.resolve(String.format("%s_%020d_%020d.seg", diskId, data.sequence(), data.sequence() + 1));
        Path partial = sealed.resolve(file.getFileName() + ".partial");
        Files.write(partial, frames.toByteArray());
        return Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE);
    }

    private static JsonObject awaitStatus(String item, Predicate<JsonObject> wanted, Duration within)
            throws InterruptedException {
        Instant deadline = Instant.now().plus(within);
        JsonObject status = JsonBodies.object(LifeboatStack.getAsAdmin("/protectedItems/" + item).body());
        while (!wanted.test(status)) {
            assertTrue(Instant.now().isBefore(deadline), "'" + item + "' did not get there within " + within + ": "
                    + status);
            Thread.sleep(1000);
            status = JsonBodies.object(LifeboatStack.getAsAdmin("/protectedItems/" + item).body());
        }
        return status;
    }

    private static boolean hasReason(JsonObject status, String code) {
        return !reason(status, code).isEmpty();
    }

    private static String reason(JsonObject status, String code) {
        return status.getJsonArray("healthReasons").getValuesAs(JsonObject.class).stream()
                .filter(r -> r.getString("code").equals(code)).map(r -> r.getString("message")).findFirst().orElse("");
    }
}
