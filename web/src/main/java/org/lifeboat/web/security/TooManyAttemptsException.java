package org.lifeboat.web.security;

/**
 * A login or registration refused without checking it: the address failed too often (429), or too many
 * passwords are being checked at once (503). Either way the client may retry after {@link #retryAfterSeconds()}.
 */
public class TooManyAttemptsException extends RuntimeException {

    private final int status;
    private final long retryAfterSeconds;

    TooManyAttemptsException(int status, long retryAfterSeconds, String message) {
        super(message, null, false, false);
        this.status = status;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public int status() {
        return status;
    }

    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
