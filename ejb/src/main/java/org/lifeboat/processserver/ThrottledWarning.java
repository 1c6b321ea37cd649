package org.lifeboat.processserver;

import java.time.Duration;
import java.time.Instant;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A warning for a stage that retries every fraction of a second: logged once a minute while the
 * failure lasts, so an outage is visible without flooding the server log.
 */
final class ThrottledWarning {

    private static final Duration EVERY = Duration.ofMinutes(1);

    private final Logger log;
    private final String what;
    private Instant last = Instant.EPOCH;

    ThrottledWarning(Logger log, String what) {
        this.log = log;
        this.what = what;
    }

    void failed(Throwable e) {
        failed("", e);
    }

    /** As {@link #failed(Throwable)}, the message prefixed with what failed (a disk). */
    synchronized void failed(String about, Throwable e) {
        if (Duration.between(last, Instant.now()).compareTo(EVERY) >= 0) {
            last = Instant.now();
            log.log(Level.WARNING, what + about + ": " + e.getMessage(), e);
        }
    }
}
