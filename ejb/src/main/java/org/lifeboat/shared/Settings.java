package org.lifeboat.shared;

import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Lifeboat's settings, all read through MicroProfile Config: the JVM options the launcher gives the server
 * ({@code -Dlifeboat....}), then environment variables ({@code LIFEBOAT_...}), then the default each feature's
 * {@code *Settings} class names. Read at each use, so a value changed at run time
 * ({@code asadmin create-system-properties}) counts from the next use (the domain's config cache is off).
 * A value that cannot be read is reported once and the default used, so one typo never stops a stage.
 */
public final class Settings {

    private static final Logger LOG = Logger.getLogger(Settings.class.getName());
    private static final Set<String> REPORTED = ConcurrentHashMap.newKeySet();

    private Settings() {
    }

    /** The setting's text, if it is set and not blank. */
    public static Optional<String> text(String name) {
        return ConfigProvider.getConfig().getOptionalValue(name, String.class).map(String::strip)
                .filter(value -> !value.isEmpty());
    }

    public static String text(String name, String fallback) {
        return text(name).orElse(fallback);
    }

    public static long number(String name, long fallback) {
        Optional<String> value = text(name);
        try {
            return value.isEmpty() ? fallback : Long.parseLong(value.get());
        } catch (NumberFormatException e) {
            return unreadable(name, value.get(), "a whole number", fallback);
        }
    }

    public static int integer(String name, int fallback) {
        return Math.toIntExact(Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, number(name, fallback))));
    }

    /** {@code true} or {@code false} (any case); the fallback when it is unset or anything else. */
    public static boolean flag(String name, boolean fallback) {
        Optional<String> value = text(name);
        if (value.isEmpty()) {
            return fallback;
        }
        if (value.get().equalsIgnoreCase("true") || value.get().equalsIgnoreCase("false")) {
            return Boolean.parseBoolean(value.get());
        }
        return unreadable(name, value.get(), "true or false", fallback);
    }

    /** Whole seconds or ISO-8601; the fallback when it is unset, unreadable, zero or negative. */
    public static Duration duration(String name, Duration fallback) {
        Optional<String> value = text(name);
        if (value.isEmpty()) {
            return fallback;
        }
        try {
            Duration parsed = parseDuration(value.get());
            return parsed.isNegative() || parsed.isZero() ? unreadable(name, value.get(), "a positive duration", fallback)
                    : parsed;
        } catch (IllegalArgumentException e) {
            return unreadable(name, value.get(), "a duration (seconds, or ISO-8601 such as PT15M)", fallback);
        }
    }

    /** Parses seconds or ISO-8601; throws {@link IllegalArgumentException} for anything else. */
    public static Duration parseDuration(String value) {
        String trimmed = value.trim();
        try {
            return trimmed.startsWith("P") ? Duration.parse(trimmed) : Duration.ofSeconds(Long.parseLong(trimmed));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not a duration (seconds, or ISO-8601 such as P30D): " + value);
        }
    }

    private static <T> T unreadable(String name, String value, String expected, T fallback) {
        if (REPORTED.add(name + "=" + value)) {
            LOG.warning(() -> name + "=" + value + " is not " + expected + "; using " + fallback);
        }
        return fallback;
    }
}
