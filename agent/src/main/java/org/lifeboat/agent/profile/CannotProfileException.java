package org.lifeboat.agent.profile;

/** Why a disk cannot be profiled: not a block device, not root, no tracefs, unreadable. */
public final class CannotProfileException extends Exception {

    private static final long serialVersionUID = 1L;

    public CannotProfileException(String message, Throwable cause) {
        super(message, cause);
    }
}
