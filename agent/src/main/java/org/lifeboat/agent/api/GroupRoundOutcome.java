package org.lifeboat.agent.api;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;

import org.lifeboat.protocol.Consistency;

/**
 * What an agent did in a group round: whether its bookmark is durable on the server, how long it held the
 * machine's writes (pre-freeze start to post-thaw end; 0 without freeze commands), and why not.
 */
public record GroupRoundOutcome(boolean succeeded, long heldMillis, Consistency consistency, String reason) {

    public JsonObject toJson() {
        JsonObjectBuilder json = Json.createObjectBuilder().add("succeeded", succeeded).add("heldMillis", heldMillis);
        if (consistency != null) {
            json.add("consistency", consistency.name());
        }
        if (reason != null) {
            json.add("reason", reason);
        }
        return json.build();
    }
}
