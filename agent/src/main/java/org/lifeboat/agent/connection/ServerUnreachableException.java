package org.lifeboat.agent.connection;

/**
 * No conversation with the server was possible: unknown host, nothing
 * listening, or no answer in time. The message is the short reason.
 */
public class ServerUnreachableException extends Exception {

    private static final long serialVersionUID = 1L;

    ServerUnreachableException(String reason, Throwable cause) {
        super(reason, cause);
    }
}
