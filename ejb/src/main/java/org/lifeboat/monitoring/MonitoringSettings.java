package org.lifeboat.monitoring;

import java.time.Duration;
import org.lifeboat.shared.Settings;

/**
 * The monitoring knobs, from JVM options so that tests and operators can shorten them
 * ({@code asadmin create-jvm-options}, then a restart). Read at each use, never cached.
 */
public final class MonitoringSettings {

    /** How often health is sampled and alerts evaluated. */
    public static final String INTERVAL = "lifeboat.alerts.interval-seconds";
    /** How often the server's parts are checked for {@code /health}, the console and JMX. */
    public static final String HEALTH_REFRESH = "lifeboat.health.refresh-seconds";
    /** How long an agent may stay silent before its item is Critical and alerted (ASR: 15 minutes). */
    public static final String HEARTBEAT_TIMEOUT = "lifeboat.alerts.heartbeatTimeout";

    /** How long a scale-out process server may stay silent before it is shown Critical, not heartbeating. */
    public static final String PROCESS_SERVER_HEARTBEAT_TIMEOUT = "lifeboat.process-server.heartbeat-timeout";

    private MonitoringSettings() {
    }

    public static Duration interval() {
        return Duration.ofSeconds(Math.max(1, Settings.number(INTERVAL, 10)));
    }

    /** 5 s by default, 1 s at least: health answers are at most this old. */
    public static Duration healthRefresh() {
        return Duration.ofSeconds(Math.max(1, Settings.number(HEALTH_REFRESH, 5)));
    }

    /** Seconds, or an ISO-8601 duration such as {@code PT15M}. */
    public static Duration heartbeatTimeout() {
        return Settings.duration(HEARTBEAT_TIMEOUT, Duration.ofMinutes(15));
    }

    /** 2 minutes by default (the issue's); seconds or an ISO-8601 duration. */
    public static Duration processServerHeartbeatTimeout() {
        return Settings.duration(PROCESS_SERVER_HEARTBEAT_TIMEOUT, Duration.ofMinutes(2));
    }
}
