package org.lifeboat.shared;

import java.time.Duration;

/** A duration-valued JVM option: whole seconds, or an ISO-8601 duration such as {@code PT15M} or {@code P30D}. */
public final class DurationSetting {

    private DurationSetting() {
    }

    /** The option's value, or the fallback when it is unset, unreadable, zero or negative. */
    public static Duration read(String property, Duration fallback) {
        String value = System.getProperty(property);
        if (value == null) {
            return fallback;
        }
        try {
            Duration parsed = parse(value);
            return parsed.isNegative() || parsed.isZero() ? fallback : parsed;
        } catch (RuntimeException e) {
            return fallback;
        }
    }

    /** Parses seconds or ISO-8601; throws {@link IllegalArgumentException} for anything else. */
    public static Duration parse(String value) {
        String trimmed = value.trim();
        try {
            return trimmed.startsWith("P") ? Duration.parse(trimmed) : Duration.ofSeconds(Long.parseLong(trimmed));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not a duration (seconds, or ISO-8601 such as P30D): " + value);
        }
    }
}
