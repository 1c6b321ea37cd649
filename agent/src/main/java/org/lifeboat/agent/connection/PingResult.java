package org.lifeboat.agent.connection;

import java.time.Duration;

import org.lifeboat.protocol.Welcome;

/**
 * A successful handshake.
 *
 * @param server      where the agent connected
 * @param tlsProtocol the negotiated TLS version, e.g. "TLSv1.3"
 * @param welcome     what the server said about itself
 * @param roundTrip   from sending HELLO to receiving WELCOME, after the TLS handshake
 */
public record PingResult(ServerAddress server, String tlsProtocol, Welcome welcome, Duration roundTrip) {
}
