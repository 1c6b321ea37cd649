package org.lifeboat.agent.api;

import java.time.Duration;

import jakarta.json.Json;
import jakarta.json.JsonObject;

/**
 * How often the agent takes bookmarks, from the server's replication policy.
 *
 * @param crashConsistentFrequency between crash-consistent bookmarks; zero for none
 * @param appConsistentFrequency   between app-consistent bookmarks; zero for none
 * @param rpoThreshold             above this the server raises an alert; informational here
 */
public record ReplicationPolicy(Duration crashConsistentFrequency, Duration appConsistentFrequency,
                                Duration rpoThreshold) {

    /** What a new agent assumes until it pulls its configuration: the server's defaults. */
    public static final ReplicationPolicy DEFAULT =
            new ReplicationPolicy(Duration.ofMinutes(5), Duration.ZERO, Duration.ofMinutes(30));

    static ReplicationPolicy fromJson(JsonObject json) {
        return new ReplicationPolicy(
                minutes(json, "crashConsistentFrequencyMinutes"),
                minutes(json, "appConsistentFrequencyMinutes"),
                minutes(json, "rpoThresholdMinutes"));
    }

    JsonObject toJson() {
        return Json.createObjectBuilder()
                .add("crashConsistentFrequencyMinutes", crashConsistentFrequency.toMinutes())
                .add("appConsistentFrequencyMinutes", appConsistentFrequency.toMinutes())
                .add("rpoThresholdMinutes", rpoThreshold.toMinutes())
                .build();
    }

    private static Duration minutes(JsonObject json, String field) {
        long minutes = JsonFields.number(json, field);
        if (minutes < 0) {
            throw new IllegalArgumentException("'" + field + "' is negative");
        }
        return Duration.ofMinutes(minutes);
    }
}
