package org.lifeboat.bench;

import java.io.RandomAccessFile;
import java.io.StringReader;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import com.azure.core.util.polling.SyncPoller;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobServiceClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import com.azure.storage.blob.models.BlobCopyInfo;

/**
 * Failover through the real stack: from the testFailover request to the job's end (failover disks ready,
 * ARM deployment written), for an item with one 1 GiB disk and one with four, against the baseline: the
 * plain Azure SDK copying the same snapshots within the account (all disks at once), in the same run.
 * Each is measured three times, alternating. Not part of the tests.
 */
public final class FailoverBench {

    private static final long GIB = 1L << 30;
    private static final int MIB = 1 << 20;
    private static final int ROUNDS = 3;

    private final BenchStack stack;
    private final Random random = new Random(7);

    private FailoverBench() throws Exception {
        stack = new BenchStack();
    }

    public static void main(String[] args) throws Exception {
        FailoverBench bench = new FailoverBench();
        for (String disks : args.length == 0 ? new String[] {"1", "4"} : args) {
            bench.measure(Integer.parseInt(disks));
        }
    }

    private void measure(int diskCount) throws Exception {
        List<Path> images = new ArrayList<>();
        long nonZero = 0;
        for (int i = 0; i < diskCount; i++) {
            Path image = stack.work.resolve("failover-" + diskCount + "-" + i + ".img");
            nonZero += halfRandom(image, random);
            images.add(image);
        }
        String item = "failover-bench-" + diskCount + "-" + System.currentTimeMillis() % 100000;
        Path state = stack.protect(item, images);
        // 512 MiB of agent heap ran out (OutOfMemoryError in its scan threads) with 4 disks in initial replication
        Process agent = stack.startAgent(state, diskCount > 1 ? "2g" : "512m");
        try {
            JsonObject point = stack.waitForPoint(item, stack.bookmark(state));
            String pointId = point.getString("id");
            System.out.printf("Failover of %d x 1 GiB disk(s), %d MiB of random data in all, the rest zeros%n",
                    diskCount, nonZero / MIB);
            BlobServiceClient storage = new BlobServiceClientBuilder()
                    .connectionString(stack.storageConnectionString()).buildClient();
            BlobContainerClient baseline = storage.getBlobContainerClient("bench-baseline");
            baseline.createIfNotExists();
            BlobContainerClient seeds = storage.getBlobContainerClient("seeds");
            Map<String, jakarta.json.JsonValue> snapshots = point.getJsonObject("snapshots");
            for (int round = 1; round <= ROUNDS; round++) {
                stack.awaitQuietServer();
                Instant start = Instant.now();
                List<SyncPoller<BlobCopyInfo, Void>> copies = new ArrayList<>();
                for (Map.Entry<String, jakarta.json.JsonValue> disk : snapshots.entrySet()) {
                    String source = seeds.getBlobClient(disk.getKey() + ".vhd",
                            ((jakarta.json.JsonString) disk.getValue()).getString()).getBlobUrl();
                    copies.add(baseline.getBlobClient("r" + round + "/" + disk.getKey() + ".vhd")
                            .beginCopy(source, Duration.ofMillis(500)));
                }
                copies.forEach(copy -> copy.waitForCompletion(Duration.ofHours(1)));
                double sdk = seconds(start);
                baseline.listBlobs().forEach(b -> baseline.getBlobClient(b.getName()).delete());

                stack.awaitQuietServer();
                start = Instant.now();
                String job = parse(stack.send("POST", "/protectedItems/" + item + "/testFailover",
                        "{\"recoveryPointId\":\"" + pointId + "\"}")).getString("id");
                JsonObject done = awaitJob(job);
                double lifeboat = seconds(start);
                if (!done.getString("state").equals("Succeeded")) {
                    throw new IllegalStateException("the test failover failed: " + done);
                }
                JsonObject disksStep = done.getJsonArray("steps").getValuesAs(JsonObject.class).stream()
                        .filter(s -> s.getString("name").equals("Create failover disks")).findFirst().orElseThrow();
                double copyStep = Duration.between(Instant.parse(disksStep.getString("startedAt")),
                        Instant.parse(disksStep.getString("endedAt"))).toMillis() / 1000.0;
                System.out.printf("  round %d: SDK copy of the snapshots %.1f s; Lifeboat request to disks ready %.1f s "
                        + "(its copy step %.1f s) = %.2fx the baseline%n", round, sdk, lifeboat, copyStep, lifeboat / sdk);
                JsonObject cleanup = awaitJob(parse(stack.send("POST", "/protectedItems/" + item
                        + "/testFailoverCleanup", "{}")).getString("id"));
                if (!cleanup.getString("state").equals("Succeeded")) {
                    throw new IllegalStateException("the cleanup failed: " + cleanup);
                }
            }
            baseline.delete();
        } finally {
            BenchStack.stopAgent(agent);
            stack.send("DELETE", "/protectedItems/" + item, "{}");
        }
    }

    private JsonObject awaitJob(String id) throws Exception {
        for (int i = 0; i < 7200; i++) {
            JsonObject job = parse(stack.get("/jobs/" + id));
            if (job.getString("state").equals("Succeeded") || job.getString("state").equals("Failed")) {
                return job;
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("job " + id + " did not end in 30 minutes");
    }

    /** 1 GiB: every other 1 MiB block random, the rest zeros (as the replication benchmark's disk). */
    static long halfRandom(Path file, Random random) throws Exception {
        long written = 0;
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.setLength(GIB);
            byte[] block = new byte[MIB];
            for (long offset = 0; offset < GIB; offset += 2L * MIB) {
                random.nextBytes(block);
                raf.seek(offset);
                raf.write(block);
                written += MIB;
            }
        }
        return written;
    }

    static double seconds(Instant start) {
        return Duration.between(start, Instant.now()).toMillis() / 1000.0;
    }

    static JsonObject parse(String json) {
        try (var reader = Json.createReader(new StringReader(json))) {
            return reader.readObject();
        }
    }
}
