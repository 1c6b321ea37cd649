package org.lifeboat.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import jakarta.json.JsonObject;

/** Follows the jobs the API starts (a 202 with the job): one polling loop for every test. */
final class ApiJobs {

    static final Set<String> ENDED = Set.of("Succeeded", "Failed");

    private ApiJobs() {
    }

    /** The job id of a 202, which it asserts. */
    static String id(HttpResponse<String> accepted) {
        assertEquals(202, accepted.statusCode(), accepted.body());
        return JsonBodies.object(accepted.body()).getString("id");
    }

    static JsonObject get(String id) {
        return JsonBodies.object(LifeboatStack.getAsAdmin("/jobs/" + id).body());
    }

    /** As {@link #awaitEnd(HttpResponse, Duration)}, for a job of another Lifeboat home. */
    static JsonObject awaitEnd(SecondHome home, HttpResponse<String> accepted, Duration limit)
            throws InterruptedException {
        return awaitEnd(home, id(accepted), limit);
    }

    /** As {@link #awaitEnd(String, Duration)}, for a job of another Lifeboat home. */
    static JsonObject awaitEnd(SecondHome home, String id, Duration limit) throws InterruptedException {
        return await(job -> JsonBodies.object(home.getAsAdmin("/jobs/" + job).body()), id, ENDED, limit, () -> { },
                () -> "");
    }

    /** The job once it has ended (an ended job has its {@code endedAt}). */
    static JsonObject awaitEnd(String id, Duration limit) throws InterruptedException {
        return await(id, ENDED, limit, () -> { }, () -> "");
    }

    static JsonObject awaitEnd(HttpResponse<String> accepted, Duration limit) throws InterruptedException {
        return awaitEnd(id(accepted), limit);
    }

    /** A test failover of the item to a point of type {@code pointType} (e.g. {@code Latest}), once it has ended. */
    static JsonObject testFailover(String item, String pointType, Duration limit) throws InterruptedException {
        return awaitEnd(LifeboatStack.sendAsAdmin("POST", "/protectedItems/" + item + "/testFailover",
                "{\"recoveryPointType\":\"" + pointType + "\"}"), limit);
    }

    /** A Latest drill run while a process server was frozen: the job, how long it took, the item's points around it. */
    record FrozenDrill(JsonObject job, long tookMillis, int pointsBefore, int pointsAfter) {
    }

    /**
     * A test failover to Latest while {@code frozen} is stopped (SIGSTOP: down, its heartbeat still recent), the
     * points counted before it runs again; it runs again whatever happened.
     */
    static FrozenDrill latestWhileFrozen(MicroProcessServer frozen, String item) throws InterruptedException {
        frozen.pause();
        try {
            int before = RecoveryPoints.ids(item).size();
            long asked = System.nanoTime();
            JsonObject job = testFailover(item, "Latest", Duration.ofMinutes(3));
            long took = (System.nanoTime() - asked) / 1_000_000;
            return new FrozenDrill(job, took, before, RecoveryPoints.ids(item).size());
        } finally {
            frozen.resume();
        }
    }

    /** Cleans up the item's test failover, asserting it succeeded. */
    static void cleanUpTestFailover(String item) throws InterruptedException {
        JsonObject job = awaitEnd(LifeboatStack.sendAsAdmin("POST", "/protectedItems/" + item + "/testFailoverCleanup",
                null), Duration.ofMinutes(5));
        assertEquals("Succeeded", job.getString("state"), job.toString());
    }

    /** The recovery point a failover or test failover job chose, from its "Choose recovery point" step. */
    static String chosenPoint(JsonObject job) {
        for (JsonObject step : job.getJsonArray("steps").getValuesAs(JsonObject.class)) {
            if (step.getString("name").equals("Choose recovery point")) {
                String detail = step.getString("detail");
                return detail.substring(detail.indexOf("recovery point ") + "recovery point ".length()).split(" ")[0];
            }
        }
        throw new AssertionError("no step choosing the point: " + job);
    }

    /**
     * The job once its state is one of {@code states}; {@code eachPoll} runs at every look (to sample
     * something meanwhile), {@code context} is added to the failure when the limit passes.
     */
    static JsonObject await(String id, Set<String> states, Duration limit, Runnable eachPoll, Supplier<String> context)
            throws InterruptedException {
        return await(ApiJobs::get, id, states, limit, eachPoll, context);
    }

    private static JsonObject await(Function<String, JsonObject> get, String id, Set<String> states, Duration limit,
                                    Runnable eachPoll, Supplier<String> context) throws InterruptedException {
        Instant deadline = Instant.now().plus(limit);
        JsonObject job = null;
        while (Instant.now().isBefore(deadline)) {
            job = get.apply(id);
            eachPoll.run();
            String state = job.getString("state");
            if (states.contains(state)) {
                assertTrue(!ENDED.contains(state) || !job.isNull("endedAt"), "an ended job without endedAt: " + job);
                return job;
            }
            Thread.sleep(500);
        }
        throw new AssertionError("job " + id + " did not reach " + states + " within " + limit + ": " + job
                + context.get());
    }
}
