package org.lifeboat.agent.connection;

import java.time.Duration;

import org.lifeboat.protocol.Hello;

/**
 * Checks that a server is reachable, trusted and willing: connects, says HELLO,
 * reads the answer and hangs up.
 */
public final class PingClient {

    private final ServerTrust trust;
    private final Duration timeout;

    /**
     * @param timeout the budget for the whole attempt: connect, TLS handshake and reply
     */
    public PingClient(ServerTrust trust, Duration timeout) {
        this.trust = trust;
        this.timeout = timeout;
    }

    public PingResult ping(ServerAddress server, Hello hello)
            throws ServerUnreachableException, UntrustedServerException, HandshakeRejectedException {
        try (ServerConnection connection = ServerConnection.open(trust, server, hello, timeout)) {
            return new PingResult(server, connection.tlsProtocol(), connection.welcome(), connection.roundTrip());
        }
    }
}
