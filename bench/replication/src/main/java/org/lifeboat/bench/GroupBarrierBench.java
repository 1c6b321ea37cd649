package org.lifeboat.bench;

import java.io.RandomAccessFile;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import jakarta.json.Json;
import jakarta.json.JsonObject;

/**
 * How long a replication group's round holds its members' writes, at 2 and 8 agents, through the real stack:
 * each agent's freeze commands write a timestamp when they hold and when they release the writes, so the hold is
 * measured the same way for the baseline in the same run: one agent's own app-consistent bookmark (no barrier).
 * Each agent replicates a 16 MiB disk with 1 MiB of data. Not part of the tests.
 */
public final class GroupBarrierBench {

    private static final int ROUNDS = 5;
    private static final long DISK = 16L << 20;

    private final BenchStack stack;
    private final String run = Long.toString(System.currentTimeMillis() % 1_000_000, 36);

    private GroupBarrierBench() throws Exception {
        stack = new BenchStack();
    }

    public static void main(String[] args) throws Exception {
        GroupBarrierBench bench = new GroupBarrierBench();
        bench.stack.send("PUT", "/replicationPolicies/bench-hourly", "{\"crashConsistentFrequencyMinutes\":60}");
        for (String agents : args.length == 0 ? new String[] {"2", "8"} : args) {
            bench.measure(Integer.parseInt(agents));
        }
    }

    private void measure(int agents) throws Exception {
        List<String> items = new ArrayList<>();
        List<Path> states = new ArrayList<>();
        List<Process> processes = new ArrayList<>();
        Path stamps = Files.createDirectories(stack.work.resolve("stamps-" + agents));
        try {
            for (int i = 0; i < agents; i++) {
                String item = "barrier-" + run + "-" + agents + "-" + i;
                Path image = stack.work.resolve(item + ".img");
                try (RandomAccessFile file = new RandomAccessFile(image.toFile(), "rw")) {
                    file.setLength(DISK);
                    byte[] data = new byte[1 << 20];
                    new Random(i).nextBytes(data);
                    file.write(data);
                }
                Path state = stack.protect(item, image);
                items.add(item);
                states.add(state);
                processes.add(stack.startAgent(state, "256m", List.of(
                        "--pre-freeze", "date +%s%N > " + stamps.resolve(item + ".freeze"),
                        "--post-thaw", "date +%s%N > " + stamps.resolve(item + ".thaw"))));
            }
            for (String item : items) {
                awaitDeltaReplication(item);
            }
            String group = "bench-" + run + "-" + agents;
            String created = stack.send("PUT", "/replicationGroups/" + group, "{\"items\":[\"" + String.join("\",\"", items)
                    + "\"],\"policy\":\"bench-hourly\"}");
            if (!created.contains("\"items\"")) {
                throw new IllegalStateException("group not created: " + created);
            }
            System.out.printf("Replication group of %d agents, %d rounds (app-consistent, freeze commands that only "
                    + "write a timestamp)%n", agents, ROUNDS);
            List<Long> longest = new ArrayList<>();
            List<Long> all = new ArrayList<>();
            List<Long> baseline = new ArrayList<>();
            for (int round = 1; round <= ROUNDS; round++) {
                stack.awaitQuietServer();
                long start = System.nanoTime();
                JsonObject result = Json.createReader(new StringReader(stack.send("POST", "/replicationGroups/" + group
                        + "/bookmark", "{\"consistency\":\"APP_CONSISTENT\",\"deadlineSeconds\":120}"))).readObject();
                long roundMillis = (System.nanoTime() - start) / 1_000_000;
                if (!"SUCCEEDED".equals(result.getString("state"))) {
                    throw new IllegalStateException("round failed: " + result);
                }
                List<Long> held = new ArrayList<>();
                for (String item : items) {
                    held.add(heldMillis(stamps, item));
                }
                long max = held.stream().mapToLong(Long::longValue).max().orElseThrow();
                longest.add(max);
                all.addAll(held);
                System.out.printf("  round %d: writes held %s ms (longest %d); request to answer %d ms%n", round, held,
                        max, roundMillis);
                // the baseline in the same run: one member's own app-consistent bookmark, no barrier
                stack.awaitQuietServer();
                stack.bookmark(states.get(0), true);
                long alone = heldMillis(stamps, items.get(0));
                baseline.add(alone);
                System.out.printf("  baseline (one agent's own app-consistent bookmark): writes held %d ms%n", alone);
            }
            System.out.printf("%d agents: longest hold per round median %d ms, max %d ms; every member's hold median %d "
                            + "ms, p90 %d ms; baseline one agent alone median %d ms, max %d ms%n", agents,
                    BenchStack.percentile(longest, 50), BenchStack.percentile(longest, 100),
                    BenchStack.percentile(all, 50), BenchStack.percentile(all, 90),
                    BenchStack.percentile(baseline, 50), BenchStack.percentile(baseline, 100));
            stack.send("DELETE", "/replicationGroups/" + group, "");
        } finally {
            for (Process process : processes) {
                BenchStack.stopAgent(process);
            }
            for (String item : items) {
                stack.send("DELETE", "/protectedItems/" + item, "");
            }
        }
    }

    private static long heldMillis(Path stamps, String item) throws Exception {
        long freeze = Long.parseLong(Files.readString(stamps.resolve(item + ".freeze")).strip());
        long thaw = Long.parseLong(Files.readString(stamps.resolve(item + ".thaw")).strip());
        return (thaw - freeze) / 1_000_000;
    }

    private void awaitDeltaReplication(String item) throws Exception {
        for (int i = 0; i < 1200; i++) {
            JsonObject status = stack.itemStatus(item);
            if (status.getInt("initialPercent") == 100 && !status.isNull("rpoSeconds")) {
                return;
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException(item + " did not finish initial replication");
    }
}
