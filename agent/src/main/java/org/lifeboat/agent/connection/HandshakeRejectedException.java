package org.lifeboat.agent.connection;

/**
 * The server was reached but the handshake did not end in WELCOME: it answered
 * ERROR, sent something malformed, or hung up. The message reads
 * {@code CODE: detail}.
 */
public class HandshakeRejectedException extends Exception {

    private static final long serialVersionUID = 1L;

    /**
     * @param code   the server's error code, the kind of malformation, or what else went wrong
     * @param detail the specifics, for the operator
     */
    HandshakeRejectedException(String code, String detail) {
        super(code + ": " + detail);
    }
}
