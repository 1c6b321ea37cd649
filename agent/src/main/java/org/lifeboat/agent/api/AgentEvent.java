package org.lifeboat.agent.api;

import java.util.Objects;

import jakarta.json.Json;
import jakarta.json.JsonObject;

/** Something the operator should see in the server's events, e.g. a failed pre-freeze command. */
public record AgentEvent(Severity severity, String message) {

    public AgentEvent {
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(message, "message");
    }

    JsonObject toJson() {
        return Json.createObjectBuilder().add("severity", severity.name()).add("message", message).build();
    }
}
