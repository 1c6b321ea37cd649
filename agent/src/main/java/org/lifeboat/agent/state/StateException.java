package org.lifeboat.agent.state;

/** The state directory is missing, incomplete or unusable; the message says what to do. */
public class StateException extends Exception {

    private static final long serialVersionUID = 1L;

    public StateException(String message) {
        super(message);
    }

    public StateException(String message, Throwable cause) {
        super(message, cause);
    }
}
