package org.lifeboat.agent.profile;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A profile's length as people type it: {@code 1h}, {@code 30m}, {@code 1h30m}, {@code 90s}, {@code 2d}, or ISO-8601 ({@code PT1H}). */
public final class ProfileDuration {

    private static final Pattern PARTS = Pattern.compile("(\\d{1,7})([dhms])");

    private ProfileDuration() {
    }

    /** @throws IllegalArgumentException saying what is wrong, for text that is no duration or one out of range */
    public static Duration parse(String text) {
        Duration duration = read(text.trim().toLowerCase());
        if (duration.compareTo(ChurnProfiler.SHORTEST) < 0 || duration.compareTo(ChurnProfiler.LONGEST) > 0) {
            throw new IllegalArgumentException("'" + text + "' is out of range: a profile lasts from 10s to 7d");
        }
        return duration;
    }

    private static Duration read(String text) {
        if (text.startsWith("p")) {
            try {
                return Duration.parse(text);
            } catch (DateTimeParseException e) {
                throw invalid(text);
            }
        }
        Matcher part = PARTS.matcher(text);
        Duration total = Duration.ZERO;
        int end = 0;
        while (part.find() && part.start() == end) {
            long n = Long.parseLong(part.group(1));
            total = total.plus(switch (part.group(2)) {
                case "d" -> Duration.ofDays(n);
                case "h" -> Duration.ofHours(n);
                case "m" -> Duration.ofMinutes(n);
                default -> Duration.ofSeconds(n);
            });
            end = part.end();
        }
        if (end == 0 || end != text.length()) {
            throw invalid(text);
        }
        return total;
    }

    private static IllegalArgumentException invalid(String text) {
        return new IllegalArgumentException("'" + text + "' is not a duration; write e.g. 1h, 30m, 1h30m, 90s or 2d");
    }
}
