package org.lifeboat.bench;

import java.io.RandomAccessFile;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;
import jakarta.json.JsonObject;

/**
 * A recovery plan's test failover through the real stack, from the request to the plan job's end, for plans
 * of N items in one boot group (default 3 and 10) and of the largest N in two groups, against the baseline
 * measured in the same run: one item's own testFailover. Every item is a real agent replicating a 128 MiB
 * disk. Three rounds, alternating; each drill cleaned up (by the plan) before the next. Not part of the tests.
 */
public final class PlanFailoverBench {

    private static final long DISK = 128L << 20;
    private static final int MIB = 1 << 20;
    private static final int ROUNDS = 3;

    private final BenchStack stack;
    private final Random random = new Random(11);

    private PlanFailoverBench() throws Exception {
        stack = new BenchStack();
    }

    public static void main(String[] args) throws Exception {
        List<Integer> sizes = new ArrayList<>();
        for (String arg : args.length == 0 ? new String[] {"3", "10"} : args) {
            sizes.add(Integer.parseInt(arg));
        }
        new PlanFailoverBench().measure(sizes);
    }

    private void measure(List<Integer> sizes) throws Exception {
        int max = sizes.stream().mapToInt(Integer::intValue).max().orElseThrow();
        String run = "pb" + System.currentTimeMillis() % 100000;
        List<String> items = new ArrayList<>();
        List<Process> agents = new ArrayList<>();
        try {
            for (int i = 0; i < max; i++) {
                String item = run + "-vm" + i;
                Path image = stack.work.resolve(item + ".img");
                halfRandom(image);
                Path state = stack.protect(item, image);
                agents.add(stack.startAgent(state, "256m"));
                items.add(item);
                stack.waitForPoint(item, stack.bookmark(state));
            }
            System.out.printf("%d machines replicating (one 128 MiB disk each, half random), each with a point%n", max);
            List<String> plans = new ArrayList<>();
            for (int n : sizes) {
                plans.add(plan(run + "-plan" + n, List.of(items.subList(0, n))));
            }
            if (max > 1) {
                plans.add(plan(run + "-plan" + max + "x2", List.of(items.subList(0, max / 2),
                        items.subList(max / 2, max))));
            }
            for (int round = 1; round <= ROUNDS; round++) {
                stack.awaitQuietServer();
                Instant start = Instant.now();
                JsonObject alone = awaitJob(post("/protectedItems/" + items.get(0) + "/testFailover"));
                double single = FailoverBench.seconds(start);
                check(alone);
                awaitJob(post("/protectedItems/" + items.get(0) + "/testFailoverCleanup"));
                System.out.printf("round %d: one item alone (baseline) %.1f s%n", round, single);
                for (String plan : plans) {
                    stack.awaitQuietServer();
                    start = Instant.now();
                    JsonObject job = awaitJob(post("/recoveryPlans/" + plan + "/testFailover"));
                    double took = FailoverBench.seconds(start);
                    check(job);
                    List<Double> itemTimes = job.getJsonArray("steps").getValuesAs(JsonObject.class).stream()
                            .filter(s -> s.getString("name").contains(": " + run))
                            .map(s -> Duration.between(Instant.parse(s.getString("startedAt")),
                                    Instant.parse(s.getString("endedAt"))).toMillis() / 1000.0).toList();
                    System.out.printf("round %d: plan %s (%d items) %.1f s = %.2fx the single item; its items' jobs "
                            + "took %.1f-%.1f s%n", round, plan.substring(run.length() + 1), itemTimes.size(), took,
                            took / single, itemTimes.stream().mapToDouble(d -> d).min().orElse(0),
                            itemTimes.stream().mapToDouble(d -> d).max().orElse(0));
                    check(awaitJob(post("/recoveryPlans/" + plan + "/testFailoverCleanup")));
                }
            }
            for (String plan : plans) {
                stack.send("DELETE", "/recoveryPlans/" + plan, "{}");
            }
        } finally {
            for (Process agent : agents) {
                BenchStack.stopAgent(agent);
            }
            for (String item : items) {
                stack.send("DELETE", "/protectedItems/" + item, "{}");
            }
        }
    }

    private String plan(String name, List<List<String>> groups) throws Exception {
        String body = "{\"groups\":[" + groups.stream().map(g -> "{\"items\":[" + g.stream().map(i -> "\"" + i + "\"")
                .collect(Collectors.joining(",")) + "]}").collect(Collectors.joining(",")) + "]}";
        String answer = stack.send("PUT", "/recoveryPlans/" + name, body);
        if (!answer.contains("\"itemCount\"")) {
            throw new IllegalStateException("plan not stored: " + answer);
        }
        return name;
    }

    private String post(String path) throws Exception {
        return FailoverBench.parse(stack.send("POST", path, "{}")).getString("id");
    }

    private JsonObject awaitJob(String id) throws Exception {
        for (int i = 0; i < 7200; i++) {
            JsonObject job = FailoverBench.parse(stack.get("/jobs/" + id));
            String state = job.getString("state");
            if (state.equals("Succeeded") || state.equals("Failed") || state.equals("Suspended")) {
                return job;
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("job " + id + " did not end in 30 minutes");
    }

    private static void check(JsonObject job) {
        if (!job.getString("state").equals("Succeeded")) {
            throw new IllegalStateException("the job did not succeed: " + job);
        }
    }

    /** Every other 1 MiB block random, the rest zeros. */
    private void halfRandom(Path file) throws Exception {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.setLength(DISK);
            byte[] block = new byte[MIB];
            for (long offset = 0; offset < DISK; offset += 2L * MIB) {
                random.nextBytes(block);
                raf.seek(offset);
                raf.write(block);
            }
        }
    }
}
