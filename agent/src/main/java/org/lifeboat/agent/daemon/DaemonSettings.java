package org.lifeboat.agent.daemon;

import java.time.Duration;

import org.lifeboat.agent.replication.ReplicationSettings;

/**
 * The daemon's timing.
 *
 * @param configurationInterval how often the configuration is pulled
 * @param statusInterval        how often status.json is rewritten
 * @param bookmarkTick          how often the bookmark schedule is checked
 */
public record DaemonSettings(Duration configurationInterval, Duration statusInterval, Duration bookmarkTick,
                             ReplicationSettings replication) {

    public static final DaemonSettings DEFAULT = new DaemonSettings(Duration.ofMinutes(1), Duration.ofSeconds(1),
            Duration.ofSeconds(5), ReplicationSettings.DEFAULT);
}
