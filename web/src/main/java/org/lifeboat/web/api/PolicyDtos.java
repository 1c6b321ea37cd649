package org.lifeboat.web.api;

import java.util.Set;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.lifeboat.policy.PolicySettings;
import org.lifeboat.policy.ReplicationPolicy;
import org.lifeboat.shared.InvalidRequestException;

/** The replication-policy API's bodies, with ASR's field names. */
public final class PolicyDtos {

    private static final Set<String> FIELDS = Set.of("name", "rpoThresholdMinutes", "retentionHours",
            "appConsistentFrequencyHours", "crashConsistentFrequencyMinutes");

    private PolicyDtos() {
    }

    @Schema(description = "A replication policy's settings; an omitted field takes its default")
    public record Settings(
            @Schema(description = "RPO above which the item raises an alert", minimum = "1", maximum = "1440",
                    defaultValue = "30") Integer rpoThresholdMinutes,
            @Schema(description = "How long recovery points are kept (up to 15 days); 0 keeps only the newest",
                    minimum = "0", maximum = "360", defaultValue = "24") Integer retentionHours,
            @Schema(description = "How often the agent takes an app-consistent bookmark; 0 is off",
                    minimum = "0", maximum = "12", defaultValue = "0") Integer appConsistentFrequencyHours,
            @Schema(description = "How often the agent takes a crash-consistent bookmark; at most the retention "
                    + "window when retentionHours is above 0", minimum = "1", maximum = "60", defaultValue = "5")
            Integer crashConsistentFrequencyMinutes) {

        /**
         * Reads a request body field by field, so a wrong type or an unknown (misspelt) field is refused
         * naming it, rather than ignored or reported as an unreadable body.
         */
        static PolicySettings parse(JsonObject body, String pathName) {
            JsonRequests.onlyFields(body, FIELDS, "a policy has rpoThresholdMinutes, retentionHours, "
                    + "appConsistentFrequencyHours and crashConsistentFrequencyMinutes");
            JsonValue name = body.get("name");
            if (name != null && name != JsonValue.NULL
                    && !(name instanceof JsonString s && s.getString().equals(pathName))) {
                throw new InvalidRequestException("name", "the body's name differs from the name in the path");
            }
            PolicySettings d = PolicySettings.DEFAULTS;
            return new PolicySettings(
                    integer(body, "rpoThresholdMinutes", d.rpoThresholdMinutes()),
                    integer(body, "retentionHours", d.retentionHours()),
                    integer(body, "appConsistentFrequencyHours", d.appConsistentFrequencyHours()),
                    integer(body, "crashConsistentFrequencyMinutes", d.crashConsistentFrequencyMinutes()));
        }

        private static int integer(JsonObject body, String field, int defaultValue) {
            JsonValue value = body.get(field);
            if (value == null || value == JsonValue.NULL) {
                return defaultValue;
            }
            if (!(value instanceof JsonNumber number) || !number.isIntegral()) {
                throw new InvalidRequestException(field, field + " must be a whole number");
            }
            try {
                return number.intValueExact();
            } catch (ArithmeticException e) {
                throw new InvalidRequestException(field, field + " is out of range");
            }
        }
    }

    @Schema(description = "A replication policy")
    public record Policy(String name, int rpoThresholdMinutes, int retentionHours, int appConsistentFrequencyHours,
                         int crashConsistentFrequencyMinutes) {

        static Policy of(ReplicationPolicy policy) {
            PolicySettings s = policy.settings();
            return new Policy(policy.getName(), s.rpoThresholdMinutes(), s.retentionHours(),
                    s.appConsistentFrequencyHours(), s.crashConsistentFrequencyMinutes());
        }
    }
}
