package org.lifeboat.profile;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import org.lifeboat.shared.InvalidRequestException;

/**
 * A machine's churn profile as {@code lifeboat agent profile --json} prints it, checked field by field:
 * a wrong, missing or out-of-range field is refused naming it (HTTP 400), and nothing is stored.
 * The agent's own verdict ({@code fit}, {@code sizing}, {@code limits}) is accepted but not used: the
 * server judges with its limits.
 */
public record ChurnProfile(Instant startedAt, double seconds, long averageBytesPerSecond, long peakBytesPerSecond,
                           List<ProfiledDisk> disks) {

    public static final int MAX_DISKS = 64;
    /** Far above any disk (Azure's largest is 32 TiB) and any churn, far below an overflow in the sizing. */
    static final long MAX_BYTES = 1L << 50;
    static final long MAX_RATE = 100_000_000_000L;
    private static final double MAX_SECONDS = 8 * 86_400;

    private static final Set<String> FIELDS = Set.of("machine", "startedAt", "seconds", "stoppedEarly",
            "averageBytesPerSecond", "peakBytesPerSecond", "disks", "sizing", "limits");
    private static final Set<String> DISK_FIELDS = Set.of("disk", "sizeBytes", "writes", "bytesWritten",
            "averageBytesPerSecond", "peakBytesPerSecond", "bytesPerMinute", "writeSizes", "touchedBlocks",
            "blockBytes", "diskBlocks", "touchedShare", "fit", "gaps");

    /**
     * @param machine the machine the path names; the body's {@code machine}, if any, must be the same
     */
    public static ChurnProfile parse(JsonObject report, String machine) {
        for (String field : report.keySet()) {
            if (!FIELDS.contains(field)) {
                throw new InvalidRequestException(field, "unknown field '" + field + "' in a churn profile");
            }
        }
        JsonValue named = report.get("machine");
        if (named != null && !(named instanceof JsonString s && s.getString().equals(machine))) {
            throw new InvalidRequestException("machine", "the report's machine differs from the machine in the path");
        }
        Instant startedAt;
        try {
            startedAt = Instant.parse(string(report, "startedAt", "startedAt", 64));
        } catch (DateTimeParseException e) {
            throw new InvalidRequestException("startedAt", "startedAt is an ISO-8601 instant, e.g. 2026-12-02T10:00:00Z");
        }
        double seconds = number(report, "seconds", "seconds").doubleValue();
        if (!(seconds > 0 && seconds <= MAX_SECONDS)) {
            throw new InvalidRequestException("seconds", "seconds is above 0 and at most " + (long) MAX_SECONDS);
        }
        long average = whole(report, "averageBytesPerSecond", "averageBytesPerSecond", MAX_RATE);
        long peak = whole(report, "peakBytesPerSecond", "peakBytesPerSecond", MAX_RATE);
        if (!(report.get("disks") instanceof JsonArray disks) || disks.isEmpty() || disks.size() > MAX_DISKS) {
            throw new InvalidRequestException("disks", "disks is an array of 1 to " + MAX_DISKS + " disks");
        }
        List<ProfiledDisk> parsed = new ArrayList<>();
        for (int i = 0; i < disks.size(); i++) {
            String at = "disks[" + i + "]";
            if (!(disks.get(i) instanceof JsonObject disk)) {
                throw new InvalidRequestException(at, at + " is an object");
            }
            for (String field : disk.keySet()) {
                if (!DISK_FIELDS.contains(field)) {
                    throw new InvalidRequestException(at + "." + field, "unknown field '" + field + "' in " + at);
                }
            }
            String name = string(disk, "disk", at + ".disk", 1024);
            long size = whole(disk, "sizeBytes", at + ".sizeBytes", MAX_BYTES);
            if (size == 0) {
                throw new InvalidRequestException(at + ".sizeBytes", at + ".sizeBytes is above 0");
            }
            double share = number(disk, "touchedShare", at + ".touchedShare").doubleValue();
            if (!(share >= 0 && share <= 1)) {
                throw new InvalidRequestException(at + ".touchedShare", at + ".touchedShare is from 0 to 1");
            }
            parsed.add(new ProfiledDisk(name, size, whole(disk, "writes", at + ".writes", MAX_BYTES),
                    whole(disk, "bytesWritten", at + ".bytesWritten", MAX_BYTES),
                    whole(disk, "averageBytesPerSecond", at + ".averageBytesPerSecond", MAX_RATE),
                    whole(disk, "peakBytesPerSecond", at + ".peakBytesPerSecond", MAX_RATE), share));
        }
        if (parsed.stream().map(ProfiledDisk::disk).distinct().count() != parsed.size()) {
            throw new InvalidRequestException("disks", "each disk is profiled once");
        }
        return new ChurnProfile(startedAt, seconds, average, peak, List.copyOf(parsed));
    }

    private static String string(JsonObject object, String field, String at, int maxChars) {
        if (!(object.get(field) instanceof JsonString value) || value.getString().isBlank()
                || value.getString().length() > maxChars) {
            throw new InvalidRequestException(at, at + " is a string of 1 to " + maxChars + " characters");
        }
        return value.getString();
    }

    private static JsonNumber number(JsonObject object, String field, String at) {
        if (!(object.get(field) instanceof JsonNumber value)) {
            throw new InvalidRequestException(at, at + " is " + (object.containsKey(field) ? "not a number" : "missing"));
        }
        return value;
    }

    private static long whole(JsonObject object, String field, String at, long max) {
        JsonNumber value = number(object, field, at);
        if (!value.isIntegral() || value.bigIntegerValue().signum() < 0
                || value.bigIntegerValue().compareTo(java.math.BigInteger.valueOf(max)) > 0) {
            throw new InvalidRequestException(at, at + " is a whole number from 0 to " + max);
        }
        return value.longValue();
    }
}
