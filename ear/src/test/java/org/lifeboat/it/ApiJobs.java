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
