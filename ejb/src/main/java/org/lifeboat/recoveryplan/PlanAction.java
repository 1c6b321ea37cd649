package org.lifeboat.recoveryplan;

import java.time.Duration;
import jakarta.json.Json;
import jakarta.json.JsonObject;

/**
 * A pre or post action of a plan or a boot group: a script on the configuration server (a path inside the
 * scripts directory, with a timeout), or a manual action the job waits for (its text tells the operator what
 * to do; {@code POST /jobs/{id}/resume} goes on).
 */
public record PlanAction(Kind kind, String script, Duration timeout, String text) {

    public enum Kind {
        SCRIPT("Script"), MANUAL("Manual");

        private final String apiName;

        Kind(String apiName) {
            this.apiName = apiName;
        }

        public String apiName() {
            return apiName;
        }
    }

    static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(5);
    static final Duration MAX_TIMEOUT = Duration.ofHours(2);
    static final int MAX_TEXT = 1000;

    static PlanAction script(String script, Duration timeout) {
        return new PlanAction(Kind.SCRIPT, script, timeout, null);
    }

    static PlanAction manual(String text) {
        return new PlanAction(Kind.MANUAL, null, null, text);
    }

    /** How the action reads in a job step's name. */
    String label() {
        return kind == Kind.SCRIPT ? "script " + script : "manual action";
    }

    JsonObject toJson() {
        return kind == Kind.SCRIPT
                ? Json.createObjectBuilder().add("type", kind.apiName).add("script", script)
                        .add("timeoutSeconds", timeout.toSeconds()).build()
                : Json.createObjectBuilder().add("type", kind.apiName).add("text", text).build();
    }
}
