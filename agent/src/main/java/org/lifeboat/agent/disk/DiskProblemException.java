package org.lifeboat.agent.disk;

/** A disk cannot be protected as it is; the message says why, for the operator. */
public class DiskProblemException extends Exception {

    private static final long serialVersionUID = 1L;

    DiskProblemException(String message) {
        super(message);
    }
}
