package org.lifeboat.agent.connection;

/**
 * The server's certificate failed verification: unknown issuer, another
 * host's name, or out of its validity period. The message is the short reason.
 */
public class UntrustedServerException extends Exception {

    private static final long serialVersionUID = 1L;

    public UntrustedServerException(String reason, Throwable cause) {
        super(reason, cause);
    }
}
