package org.lifeboat.agent.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lifeboat.agent.api.JsonFields;
import org.lifeboat.agent.cli.AgentCommand;
import org.lifeboat.agent.tracking.trace.LoopDevice;
import picocli.CommandLine;

/**
 * {@code lifeboat agent profile} against the real kernel: the packaged jar profiles a loop device while
 * fio writes a known amount at known sizes and rates, and is stopped by SIGTERM as Ctrl-C would.
 */
class ChurnProfilerIT {

    private static final Path TRACEFS_INSTANCES = Path.of("/sys/kernel/tracing/instances");
    private static final Path JAR = Path.of(System.getProperty("lifeboat.agent.jar"));
    private static final long SIZE = 256L << 20;
    private static final long MIB = 1L << 20;

    @TempDir
    Path directory;

    @BeforeAll
    static void root() throws IOException {
        LoopDevice.requireRoot();
    }

    @Test
    void theReportCountsWhatFioWroteAndSigtermPrintsItAndCleansUp() throws Exception {
        try (LoopDevice loop = LoopDevice.attach(image())) {
            Path instance = TRACEFS_INSTANCES.resolve("lifeboat-profile-" + loop.device.toString().replace('/', '_'));
            Process profiler = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-jar", JAR.toString(), "profile", "--disk", loop.device.toString(), "--duration", "1h",
                    "--json", "--machine", "it-host").redirectError(directory.resolve("stderr").toFile()).start();
            CompletableFuture<String> stdout = CompletableFuture.supplyAsync(() -> read(profiler));
            try {
                awaitInstance(instance, profiler);
                long fioStart = System.nanoTime();
                // two regions, so that neither job's blocks overlap the other's: 32 MiB of 4 KiB writes at
                // 4 MiB/s below 128 MiB, 16 MiB of 64 KiB writes at 2 MiB/s above; fio's random map writes each
                // block once, so the blocks touched are exactly the writes' blocks
                Process fio = new ProcessBuilder("fio", "--filename=" + loop.device, "--rw=randwrite", "--direct=1",
                        "--ioengine=libaio", "--iodepth=4", "--randseed=14", "--output=/dev/null",
                        "--verify_state_save=0",
                        "--name=small", "--bs=4k", "--offset=0", "--size=128m", "--io_size=32m", "--rate=4m",
                        "--name=large", "--bs=64k", "--offset=128m", "--size=128m", "--io_size=16m", "--rate=2m")
                        .inheritIO().start();
                assertTrue(fio.waitFor(120, TimeUnit.SECONDS), "fio did not finish");
                assertEquals(0, fio.exitValue());
                double fioSeconds = (System.nanoTime() - fioStart) / 1e9;
                profiler.toHandle().destroy(); // SIGTERM, as Ctrl-C or systemd; Process.destroy would close stdout
                assertTrue(profiler.waitFor(60, TimeUnit.SECONDS), "the profiler did not end on SIGTERM");

                JsonObject report = JsonFields.parseObject(stdout.get(10, TimeUnit.SECONDS));
                String stderr = Files.readString(directory.resolve("stderr"));
                assertEquals("it-host", report.getString("machine"), stderr);
                assertTrue(report.getBoolean("stoppedEarly"));
                JsonObject disk = report.getJsonArray("disks").getJsonObject(0);
                assertEquals(loop.device.toString(), disk.getString("disk"));
                assertEquals(SIZE, disk.getJsonNumber("sizeBytes").longValue());
                // every byte fio wrote; nothing else writes to the loop device (reads are not counted)
                assertEquals(48 * MIB, disk.getJsonNumber("bytesWritten").longValue());
                // 8,192 + 256 requests; the block layer could merge two random neighbours now and then
                long writes = disk.getJsonNumber("writes").longValue();
                assertTrue(writes > 8448 * 0.99 && writes <= 8448, "writes " + writes);
                JsonArray sizes = disk.getJsonArray("writeSizes");
                assertTrue(count(sizes, 4096) >= 8192 * 0.99, "4 KiB writes " + count(sizes, 4096));
                assertTrue(count(sizes, 65536) >= 256, "64 KiB writes " + count(sizes, 65536));
                // distinct 4 KiB blocks: 8,192 + 256 x 16 of 65,536 (merges do not change which blocks)
                assertEquals(4096, disk.getInt("blockBytes"));
                assertEquals(12288, disk.getJsonNumber("touchedBlocks").longValue());
                assertEquals(0.1875, disk.getJsonNumber("touchedShare").doubleValue(), 1e-9);
                // one partial minute: its rate is the bytes over the time measured, a little longer than
                // fio ran (the profiler was up before fio started and ended after it)
                long peak = disk.getJsonNumber("peakBytesPerSecond").longValue();
                double fioRate = 48 * MIB / fioSeconds;
                assertTrue(peak <= fioRate * 1.02 && peak >= fioRate * 0.6, "peak " + peak + " B/s, fio " + fioRate);
                assertEquals("STANDARD", disk.getString("fit"));
                assertEquals(0, disk.getJsonArray("gaps").size(), "nothing lost at 6 MiB/s: " + disk);
                assertEquals(1, report.getJsonObject("sizing").getInt("processServers"));
                assertFalse(Files.exists(instance), "the tracefs instance is removed on SIGTERM");
            } finally {
                profiler.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void aFileIsNoBlockDeviceAndABadDurationIsRefusedSayingWhy() throws IOException {
        Path file = directory.resolve("not-a-disk.img");
        Files.write(file, new byte[4096]);
        Run notADisk = run("profile", "--disk", file.toString(), "--duration", "10s");
        assertEquals(CommandLine.ExitCode.USAGE, notADisk.code());
        assertTrue(notADisk.err().contains("Cannot profile " + file + ": " + file + " is not a block device."),
                notADisk.err());
        Run tooShort = run("profile", "--disk", "/dev/null", "--duration", "5s");
        assertEquals(CommandLine.ExitCode.USAGE, tooShort.code());
        assertTrue(tooShort.err().contains("--duration: '5s' is out of range: a profile lasts from 10s to 7d"),
                tooShort.err());
        try (Stream<Path> instances = Files.list(TRACEFS_INSTANCES)) {
            assertEquals(List.of(), instances.filter(i -> i.getFileName().toString().contains("not_a_disk")).toList());
        }
    }

    private record Run(int code, String err) {
    }

    private static Run run(String... arguments) {
        StringWriter err = new StringWriter();
        CommandLine command = AgentCommand.commandLine();
        command.setErr(new PrintWriter(err, true));
        command.setOut(new PrintWriter(new StringWriter(), true));
        return new Run(command.execute(arguments), err.toString());
    }

    private static long count(JsonArray sizes, long fromBytes) {
        return sizes.stream().map(JsonObject.class::cast).filter(s -> s.getJsonNumber("fromBytes").longValue() == fromBytes)
                .mapToLong(s -> s.getJsonNumber("writes").longValue()).sum();
    }

    private static void awaitInstance(Path instance, Process profiler) throws InterruptedException {
        for (int i = 0; i < 300 && !Files.isDirectory(instance); i++) {
            assertTrue(profiler.isAlive(), "the profiler ended before it traced the disk");
            Thread.sleep(100);
        }
        assertTrue(Files.isDirectory(instance), "no tracefs instance " + instance + " within 30 s");
        Thread.sleep(500); // the session's reader is started right after the instance is set up
    }

    private static String read(Process process) {
        try {
            return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private Path image() throws IOException {
        Path image = directory.resolve("disk.img");
        try (FileChannel file = FileChannel.open(image, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            file.truncate(SIZE).write(ByteBuffer.allocate(1), SIZE - 1);
        }
        return image;
    }
}
