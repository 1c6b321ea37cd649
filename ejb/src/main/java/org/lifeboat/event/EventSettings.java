package org.lifeboat.event;

import java.time.Duration;
import org.lifeboat.shared.Settings;

/**
 * How long and how many events the vault keeps, from JVM options ({@code asadmin create-jvm-options},
 * then a restart); the {@code lifeboat:type=Events} MBean changes them at once, until the next restart.
 */
public final class EventSettings {

    /** Events older than this are deleted (active alerts never are). */
    public static final String MAX_AGE = "lifeboat.events.max-age";
    /** Beyond this many events the oldest are deleted (active alerts are kept besides). */
    public static final String MAX_COUNT = "lifeboat.events.max-count";

    static final Duration DEFAULT_MAX_AGE = Duration.ofDays(90);
    static final int DEFAULT_MAX_COUNT = 50_000;
    /** Refusals from one address are counted into one event for this long, then a new one starts. */
    static final Duration REFUSAL_WINDOW = Duration.ofMinutes(10);

    private EventSettings() {
    }

    static Duration maxAge() {
        return Settings.duration(MAX_AGE, DEFAULT_MAX_AGE);
    }

    static int maxCount() {
        return Math.max(1, Settings.integer(MAX_COUNT, DEFAULT_MAX_COUNT));
    }
}
