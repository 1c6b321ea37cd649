package org.lifeboat.agent.daemon;

import java.time.Duration;
import java.util.Optional;

import org.lifeboat.agent.connection.ServerAddress;
import org.lifeboat.agent.replication.ReplicationSettings;

/**
 * The daemon's timing.
 *
 * @param configurationInterval how often the configuration is pulled
 * @param statusInterval        how often status.json is rewritten
 * @param bookmarkTick          how often the bookmark schedule is checked
 * @param processServer         a process server to replicate to instead of the one the configuration names
 *                              (a scale-out process server, until the configuration server assigns them)
 */
public record DaemonSettings(Duration configurationInterval, Duration statusInterval, Duration bookmarkTick,
                             ReplicationSettings replication, Optional<ServerAddress> processServer) {

    public static final DaemonSettings DEFAULT = new DaemonSettings(Duration.ofMinutes(1), Duration.ofSeconds(1),
            Duration.ofSeconds(5), ReplicationSettings.DEFAULT);

    /** Settings that replicate where the configuration says. */
    public DaemonSettings(Duration configurationInterval, Duration statusInterval, Duration bookmarkTick,
                          ReplicationSettings replication) {
        this(configurationInterval, statusInterval, bookmarkTick, replication, Optional.empty());
    }

    public DaemonSettings withProcessServer(ServerAddress address) {
        return new DaemonSettings(configurationInterval, statusInterval, bookmarkTick, replication,
                Optional.of(address));
    }
}
