package org.lifeboat.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Predicate;
import java.util.function.Supplier;
import jakarta.json.JsonObject;

/**
 * A protected item's RPO alerts (or those of another condition, e.g. AgentHeartbeatMissing) as an operator reads
 * them: {@code GET /events?subject=<item>}.
 */
final class RpoAlerts {

    private RpoAlerts() {
    }

    /** The item's RPO alerts, newest first ({@code onlyActive}: still open). */
    static List<JsonObject> of(String item, boolean onlyActive) {
        return of(item, "RpoThresholdExceeded", onlyActive);
    }

    /** The item's alerts of this condition, newest first. */
    static List<JsonObject> of(String item, String condition, boolean onlyActive) {
        HttpResponse<String> response = LifeboatStack.getAsAdmin("/events?subject=" + item
                + (onlyActive ? "&active=true" : ""));
        assertEquals(200, response.statusCode(), response.body());
        return JsonBodies.array(response.body()).getValuesAs(JsonObject.class).stream()
                .filter(e -> condition.equals(e.getString("condition", ""))).toList();
    }

    /** Waits for an RPO alert of the item that matches; {@code context} is added to the failure message. */
    static JsonObject await(String item, Predicate<JsonObject> wanted, Duration timeout, Supplier<Object> context)
            throws InterruptedException {
        return await(item, "RpoThresholdExceeded", wanted, timeout, context);
    }

    /** Waits for an alert of this condition of the item that matches. */
    static JsonObject await(String item, String condition, Predicate<JsonObject> wanted, Duration timeout,
                            Supplier<Object> context) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            for (JsonObject alert : of(item, condition, false)) {
                if (wanted.test(alert)) {
                    return alert;
                }
            }
            Thread.sleep(1000);
        }
        throw new AssertionError("no such " + condition + " alert of " + item + " within " + timeout + ": "
                + of(item, condition, false)
                + "\n" + context.get());
    }

    /** The alert with this one's id, cleared. */
    static Predicate<JsonObject> cleared(JsonObject raised) {
        return a -> a.getJsonNumber("id").longValue() == raised.getJsonNumber("id").longValue()
                && !a.getBoolean("active") && a.containsKey("clearedAt") && !a.isNull("clearedAt");
    }
}
