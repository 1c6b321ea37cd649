package org.lifeboat.agent.registration;

/**
 * The server accepted the registration but could not prove it knows the passphrase: it may be
 * an impostor between the agent and the real server, so nothing it said is kept.
 */
public class ServerNotProvenException extends Exception {

    private static final long serialVersionUID = 1L;

    ServerNotProvenException(String message) {
        super(message);
    }
}
