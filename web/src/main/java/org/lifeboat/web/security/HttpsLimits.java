package org.lifeboat.web.security;

import java.time.Duration;
import org.lifeboat.shared.Settings;

/**
 * The HTTPS port's limits against password guessing and oversized requests, from JVM options
 * ({@code asadmin create-jvm-options}, then a restart). See docs/operations.md, "HTTPS limits and sessions".
 */
public final class HttpsLimits {

    /** Password (PBKDF2) checks running at once; beyond them a login is answered 503 at once. */
    public static final String PASSWORD_CHECKS = "lifeboat.https.password-checks";
    /** Failed logins (or registrations) one address may make per window before it gets 429. */
    public static final String FAILED_LOGINS = "lifeboat.https.failed-logins";
    /** The window over which failures are counted; a blocked address waits for its end. */
    public static final String FAILED_LOGIN_WINDOW = "lifeboat.https.failed-login-window";
    /** The largest request body the API reads; larger ones are answered 413 before any parsing. */
    public static final String MAX_BODY_BYTES = "lifeboat.https.max-body-bytes";

    static final int DEFAULT_FAILED_LOGINS = 10;
    static final Duration DEFAULT_FAILED_LOGIN_WINDOW = Duration.ofSeconds(60);
    static final int DEFAULT_MAX_BODY_BYTES = 256 * 1024;

    private HttpsLimits() {
    }

    /** Half the cores by default, at least one: guessing can never take all the CPU. */
    static int passwordChecks() {
        return Math.max(1, Settings.integer(PASSWORD_CHECKS, Runtime.getRuntime().availableProcessors() / 2));
    }

    static int failedLogins() {
        return Math.max(1, Settings.integer(FAILED_LOGINS, DEFAULT_FAILED_LOGINS));
    }

    static Duration failedLoginWindow() {
        return Settings.duration(FAILED_LOGIN_WINDOW, DEFAULT_FAILED_LOGIN_WINDOW);
    }

    public static int maxBodyBytes() {
        return Math.max(1024, Settings.integer(MAX_BODY_BYTES, DEFAULT_MAX_BODY_BYTES));
    }
}
