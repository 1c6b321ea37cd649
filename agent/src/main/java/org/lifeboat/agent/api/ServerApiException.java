package org.lifeboat.agent.api;

/** A call to the server's REST API failed; the message says why in one line. */
public class ServerApiException extends Exception {

    private static final long serialVersionUID = 1L;

    public ServerApiException(String message) {
        super(message);
    }

    public ServerApiException(String message, Throwable cause) {
        super(message, cause);
    }
}
