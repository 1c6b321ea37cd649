package org.lifeboat.agent.replication;

import java.time.Instant;

/**
 * The replication connection as the operator sees it.
 *
 * @param server where the agent connects
 * @param detail the last failure while not connected, or the server's name once connected
 * @param since  when this state began
 */
public record ConnectionState(Phase phase, String server, String detail, Instant since) {

    public enum Phase {
        CONNECTING, CONNECTED, DISCONNECTED, STOPPED
    }
}
