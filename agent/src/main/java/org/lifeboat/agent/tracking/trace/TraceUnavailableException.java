package org.lifeboat.agent.tracking.trace;

/** Why a disk's writes cannot be traced; the agent scans that disk instead and says why. */
public final class TraceUnavailableException extends Exception {

    private static final long serialVersionUID = 1L;

    public TraceUnavailableException(String reason) {
        super(reason);
    }

    public TraceUnavailableException(String reason, Throwable cause) {
        super(reason, cause);
    }
}
