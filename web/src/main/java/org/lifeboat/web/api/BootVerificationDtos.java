package org.lifeboat.web.api;

import java.time.Instant;
import java.util.Set;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.lifeboat.bootverification.BootRequest;
import org.lifeboat.bootverification.BootVerification;
import org.lifeboat.shared.InvalidRequestException;

/** The boot verification of a recovery point at the REST edge: the optional request body, and the result. */
public final class BootVerificationDtos {

    private BootVerificationDtos() {
    }

    @Schema(description = "How to verify the boot; every field is optional")
    public record Request(
            @Schema(description = "A regular expression a console line must match; default: a login prompt or the "
                    + "kernel's 'Run /init as init process'") String marker,
            @Schema(description = "A command typed into the serial console once the marker came; it must exit 0")
            String probe,
            @Schema(description = "Seconds the boot (and probe) may take, default 300") Long timeLimitSeconds,
            @Schema(description = "The disk that boots; default: the first by path") String bootDiskId) {

        private static final Set<String> FIELDS = Set.of("marker", "probe", "timeLimitSeconds", "bootDiskId");

        /** Reads and validates a body (null or blank: every default). */
        static BootRequest parse(String body) {
            if (body == null || body.isBlank()) {
                return BootRequest.of(null, null, null, null);
            }
            JsonObject json = JsonRequests.object(body);
            JsonRequests.onlyFields(json, FIELDS, "verifyBoot takes marker, probe, timeLimitSeconds and bootDiskId");
            return BootRequest.of(JsonRequests.optionalText(json, "marker"), JsonRequests.optionalText(json, "probe"), seconds(json), JsonRequests.optionalText(json, "bootDiskId"));
        }

        private static Long seconds(JsonObject json) {
            JsonValue value = json.get("timeLimitSeconds");
            if (value == null || value == JsonValue.NULL) {
                return null;
            }
            if (!(value instanceof JsonNumber number) || !number.isIntegral()) {
                throw new InvalidRequestException("timeLimitSeconds", "timeLimitSeconds must be a whole number");
            }
            try {
                return number.longValueExact();
            } catch (ArithmeticException e) {
                throw new InvalidRequestException("timeLimitSeconds", "timeLimitSeconds is out of range");
            }
        }
    }

    @Schema(description = "The latest boot verification of a recovery point")
    public record Result(
            @Schema(description = "BOOTED, FAILED_TO_BOOT or PROBE_FAILED") String outcome,
            Instant checkedAt,
            @Schema(description = "When the point was proven to boot: checkedAt if the latest check passed")
            Instant bootVerifiedAt,
            @Schema(description = "From starting QEMU to the marker (or the probe's answer, or the failure)")
            Long durationMillis,
            String reason,
            @Schema(description = "The last characters of the serial console") String consoleTail) {

        static Result of(BootVerification verification) {
            return new Result(verification.getOutcome().name(), verification.getCheckedAt(),
                    verification.getBootVerifiedAt(), verification.getDurationMillis(), verification.getReason(),
                    verification.getConsoleTail());
        }
    }
}
