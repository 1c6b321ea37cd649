package org.lifeboat.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code /api/v1/profiles} against the real stack, fed by the real agent: {@code lifeboat agent profile
 * --json} measures a loop device while fio writes to it, the server files that report and adds it to the
 * fleet's sizing; a report with a bad field is refused naming it and changes nothing.
 */
class ProfileApiIT {

    private static final long MB = 1_000_000;

    @TempDir
    Path dir;

    @Test
    void theAgentsReportIsFiledAndSizedAndABadOneIsRefusedNamingTheField() throws Exception {
        assertEquals(0, (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid"),
                "the profiler's test needs root (a loop device and tracefs)");
        String machine = "profile-it-" + System.nanoTime();
        JsonObject before = JsonBodies.object(LifeboatStack.getAsAdmin("/profiles/summary").body());

        JsonObject report = profileALoopDevice(machine);
        HttpResponse<String> filed = LifeboatStack.sendAsAdmin("PUT", "/profiles/" + machine, report.toString());
        assertEquals(201, filed.statusCode(), filed.body());
        JsonObject machineView = JsonBodies.object(filed.body());
        long peak = report.getJsonNumber("peakBytesPerSecond").longValue();
        assertEquals(peak, machineView.getJsonNumber("peakBytesPerSecond").longValue());
        assertTrue(peak > 0, "fio wrote while the agent profiled: " + report);
        assertEquals("STANDARD", machineView.getJsonArray("diskFits").getJsonObject(0).getString("fit"));

        // the same machine measured again, busier: its disk is above the standard-like 10 MB/s limit
        JsonObject disk = report.getJsonArray("disks").getJsonObject(0);
        JsonObject busier = Json.createObjectBuilder(report).add("peakBytesPerSecond", 15 * MB)
                .add("disks", Json.createArrayBuilder().add(Json.createObjectBuilder(disk)
                        .add("peakBytesPerSecond", 15 * MB))).build();
        HttpResponse<String> replaced = LifeboatStack.sendAsAdmin("PUT", "/profiles/" + machine, busier.toString());
        assertEquals(200, replaced.statusCode(), replaced.body());

        JsonObject after = JsonBodies.object(LifeboatStack.getAsAdmin("/profiles/summary").body());
        assertEquals(before.getInt("machines") + 1, after.getInt("machines"), after.toString());
        assertEquals(before.getJsonNumber("peakBytesPerSecond").longValue() + 15 * MB,
                after.getJsonNumber("peakBytesPerSecond").longValue(), after.toString());
        assertTrue(after.getJsonArray("disksOverLimit").stream().map(JsonObject.class::cast).anyMatch(o ->
                o.getString("machine").equals(machine) && o.getString("fit").equals("PREMIUM")), after.toString());
        assertTrue(after.getInt("processServers") >= 1);
        assertEquals(after.getJsonNumber("peakBytesPerSecond").longValue() * 3600,
                after.getJsonNumber("cacheBytes").longValue(), "an hour at peak");

        // a touched share above 1: 400 naming the field, and the profile filed stays as it was
        JsonObject bad = Json.createObjectBuilder(report).add("disks", Json.createArrayBuilder()
                .add(Json.createObjectBuilder(disk).add("touchedShare", 2))).build();
        HttpResponse<String> refused = LifeboatStack.sendAsAdmin("PUT", "/profiles/" + machine, bad.toString());
        assertEquals(400, refused.statusCode(), refused.body());
        assertEquals("disks[0].touchedShare", JsonBodies.object(refused.body()).getString("field"), refused.body());
        JsonObject listed = JsonBodies.array(LifeboatStack.getAsAdmin("/profiles").body()).stream()
                .map(JsonObject.class::cast).filter(p -> p.getString("machine").equals(machine)).findFirst().orElseThrow();
        assertEquals(15 * MB, listed.getJsonNumber("peakBytesPerSecond").longValue(), listed.toString());

        assertEquals(401, LifeboatStack.get(LifeboatStack.api("/profiles/summary"), "admin", "wrong").statusCode());
    }

    /** The agent's jar profiles a loop device for 10 s while fio writes 8 MiB into it at 2 MiB/s. */
    private JsonObject profileALoopDevice(String machine) throws IOException {
        Path image = dir.resolve("profile-it.img");
        try (FileChannel file = FileChannel.open(image, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            file.truncate(64L << 20).write(ByteBuffer.allocate(1), (64L << 20) - 1);
        }
        String loop = losetup("-f", "--show", image.toString()).trim();
        try {
            // fio waits 2 s, so that the agent (started right after) traces the disk before the first write
            Process fio = new ProcessBuilder("fio", "--name=profile-it", "--filename=" + loop, "--rw=randwrite",
                    "--bs=64k", "--direct=1", "--size=64m", "--io_size=8m", "--rate=2m", "--startdelay=2",
                    "--verify_state_save=0", "--output=/dev/null").redirectErrorStream(true).start();
            LifeboatStack.CommandResult profile = LifeboatStack.agent("profile", "--disk", loop, "--duration", "10s",
                    "--json", "--machine", machine);
            assertEquals(0, profile.exitCode(), profile.toString());
            fio.waitFor();
            return JsonBodies.object(profile.stdout());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        } finally {
            losetup("-d", loop);
        }
    }

    private static String losetup(String... arguments) {
        List<String> command = new java.util.ArrayList<>(List.of("losetup"));
        command.addAll(List.of(arguments));
        LifeboatStack.CommandResult result = LifeboatStack.run(command, Duration.ofSeconds(30));
        assertEquals(0, result.exitCode(), result.toString());
        return result.stdout();
    }
}
