package org.lifeboat.web.security;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.function.Supplier;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.ApplicationScoped;
import org.lifeboat.event.Refusal;
import org.lifeboat.event.RefusalTally;

/**
 * Bounds what guessing costs: an address that failed too often is refused (429) until its window ends,
 * and at most a few PBKDF2 checks run at once (beyond them: 503 at once), so a burst of wrong passwords
 * can neither take both cores nor lock out an administrator at another address. Every refusal is
 * counted into the refusal events.
 */
@ApplicationScoped
public class LoginLimiter {

    static final int MAX_ADDRESSES = 10_000;

    @EJB
    private RefusalTally refusals;

    private final FailedAttempts failures = new FailedAttempts(HttpsLimits.failedLogins(),
            HttpsLimits.failedLoginWindow(), MAX_ADDRESSES, Clock.systemUTC());
    private final Semaphore passwordChecks = new Semaphore(HttpsLimits.passwordChecks());

    /** Refuses (429) an address that failed too often in its window; the refusal is counted. */
    public void requireAllowed(Refusal kind, String address) {
        Duration wait = failures.blockedFor(kind, address);
        if (!wait.isZero()) {
            refusals.refused(kind, address, true);
            long seconds = Math.max(1, (wait.toMillis() + 999) / 1000);
            throw new TooManyAttemptsException(429, seconds, "too many failed attempts ("
                    + kind.what().toLowerCase(java.util.Locale.ROOT) + ") from " + address + "; try again in "
                    + seconds + " s");
        }
    }

    /** Counts a checked and failed attempt. */
    public void failed(Refusal kind, String address) {
        failures.failed(kind, address);
        refusals.refused(kind, address, false);
    }

    /** Runs a password check if one of the slots is free; otherwise refuses at once (503). */
    <T> T checkPassword(String address, Supplier<T> check) {
        if (!passwordChecks.tryAcquire()) {
            refusals.refused(Refusal.ADMINISTRATOR_LOGIN, address, true);
            throw new TooManyAttemptsException(503, 1, "the server is checking too many passwords at once; "
                    + "try again in 1 s");
        }
        try {
            return check.get();
        } finally {
            passwordChecks.release();
        }
    }
}
