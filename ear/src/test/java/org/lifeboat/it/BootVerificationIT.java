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
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Boot verification through the real stack: a real bootable disk (a Debian kernel, a busybox initramfs
 * and syslinux, built by src/test/scripts/bootable-test-disk) replicated by the real agent; its recovery
 * point booted in QEMU reaches the initramfs' marker and answers a probe typed into its serial console.
 * Then sector 0 of the source is zeroed and the next point is reported as failed to boot, with an event.
 */
class BootVerificationIT {

    private static final Path BOOTABLE = Path.of(System.getProperty("lifeboat.bootable.disk"));
    private static final String MARKER = "LIFEBOAT-TEST-DISK-BOOTED";

    @TempDir
    static Path dir;

    @Test
    void aReplicatedBootableDiskBootsAndOneWithoutItsBootSectorDoesNot() throws Exception {
        String item = "boot-it-" + System.nanoTime() % 100000;
        Path image = dir.resolve(item + ".img");
        Files.copy(BOOTABLE, image);
        try (ReplicatingMachine machine = ReplicatingMachine.start(dir, item, null, DiskImage.existing(image))) {
            String bootable = machine.bookmark();
            String path = "/protectedItems/" + item + "/recoveryPoints/" + bootable + "/verifyBoot";

            // bad requests: a 400 naming the field, and no job, nothing recorded
            HttpResponse<String> bad = LifeboatStack.sendAsAdmin("POST", path, "{\"marker\":\"(unclosed\"}");
            assertEquals(400, bad.statusCode(), bad.body());
            assertEquals("marker", JsonBodies.object(bad.body()).getString("field"), bad.body());
            bad = LifeboatStack.sendAsAdmin("POST", path, "{\"timeLimitSeconds\":1}");
            assertEquals(400, bad.statusCode(), bad.body());
            bad = LifeboatStack.sendAsAdmin("POST", path, "{\"bootDiskId\":\"no-such-disk\"}");
            assertEquals(400, bad.statusCode(), bad.body());
            assertEquals(404, LifeboatStack.sendAsAdmin("POST", "/protectedItems/" + item
                    + "/recoveryPoints/no-such-point/verifyBoot", null).statusCode());
            JsonObject untouched = point(item, bootable);
            assertTrue(!untouched.containsKey("bootVerification") || untouched.isNull("bootVerification"),
                    "nothing recorded by a refused request: " + untouched);

            HttpResponse<String> started = LifeboatStack.sendAsAdmin("POST", path, "{\"marker\":\"^" + MARKER
                    + "$\",\"probe\":\"test -x /init && grep -q console=ttyS0 /proc/cmdline\",\"timeLimitSeconds\":600}");
            assertEquals(202, started.statusCode(), started.body());
            String firstJob = JsonBodies.object(started.body()).getString("id");
            HttpResponse<String> busy = LifeboatStack.sendAsAdmin("POST", path, null);
            assertEquals(409, busy.statusCode(), "one verification at a time: " + busy.body());
            assertTrue(busy.body().contains("already running"), busy.body());

            JsonObject job = ApiJobs.awaitEnd(firstJob, Duration.ofMinutes(12));
            assertEquals("Succeeded", job.getString("state"), job.toString());
            JsonObject booted = point(item, bootable).getJsonObject("bootVerification");
            assertEquals("BOOTED", booted.getString("outcome"), booted.toString());
            assertEquals(booted.getString("checkedAt"), booted.getString("bootVerifiedAt"));
            assertTrue(booted.getString("consoleTail").contains(MARKER), booted.getString("consoleTail"));
            assertTrue(booted.getJsonNumber("durationMillis").longValue() > 0);
            assertEquals(machine.disk.sha256(), machine.imageSha(bootable), "the point's disk was never written");

            machine.disk.zero(0, 512);
            String broken = machine.bookmark();
            Instant before = Instant.now();
            started = LifeboatStack.sendAsAdmin("POST", "/protectedItems/" + item + "/recoveryPoints/" + broken
                    + "/verifyBoot", null);
            job = ApiJobs.awaitEnd(started, Duration.ofMinutes(12));
            assertEquals("Failed", job.getString("state"), job.toString());
            assertTrue(job.getString("error").startsWith("FAILED_TO_BOOT"), job.toString());
            JsonObject failed = point(item, broken).getJsonObject("bootVerification");
            assertEquals("FAILED_TO_BOOT", failed.getString("outcome"), failed.toString());
            assertTrue(!failed.containsKey("bootVerifiedAt") || failed.isNull("bootVerifiedAt"), failed.toString());
            assertEquals("the console showed: No bootable device.", failed.getString("reason"), failed.toString());
            assertTrue(Duration.ofMillis(failed.getJsonNumber("durationMillis").longValue())
                    .compareTo(Duration.ofMinutes(2)) < 0, "a firmware failure ends the run early: " + failed);
            assertTrue(LifeboatStack.getAsAdmin("/events?max=500").body()
                    .contains("Recovery point " + broken + " of '" + item + "' failed boot verification"),
                    "a warning event for the point that did not boot");
            assertEquals("BOOTED", point(item, bootable).getJsonObject("bootVerification").getString("outcome"),
                    "the other point keeps its own result");
            assertFalse(Duration.between(before, Instant.now()).isNegative());
        }
    }

    private static JsonObject point(String item, String point) {
        HttpResponse<String> response = LifeboatStack.getAsAdmin("/protectedItems/" + item + "/recoveryPoints/" + point);
        assertEquals(200, response.statusCode(), response.body());
        return JsonBodies.object(response.body());
    }
}
