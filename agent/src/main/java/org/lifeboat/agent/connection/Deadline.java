package org.lifeboat.agent.connection;

import java.net.SocketTimeoutException;
import java.time.Duration;

/**
 * One time budget shared by every step of a connection attempt, so that
 * connect, TLS handshake and reply together stay within the timeout.
 */
final class Deadline {

    private final Duration timeout;
    private final long endNanos;

    private Deadline(Duration timeout) {
        this.timeout = timeout;
        this.endNanos = System.nanoTime() + timeout.toNanos();
    }

    static Deadline after(Duration timeout) {
        return new Deadline(timeout);
    }

    /**
     * Milliseconds left, at least 1, since a socket timeout of 0 would mean forever.
     *
     * @throws SocketTimeoutException if the time is up
     */
    int remainingMillis() throws SocketTimeoutException {
        long left = Duration.ofNanos(endNanos - System.nanoTime()).toMillis();
        if (left < 1) {
            throw new SocketTimeoutException(expired());
        }
        return (int) Math.min(left, Integer.MAX_VALUE);
    }

    String expired() {
        return "no answer within " + timeout.toSeconds() + " s";
    }
}
