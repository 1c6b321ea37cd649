package org.lifeboat.security;

import java.util.Map;

/**
 * How administrators' passwords are hashed and looked up: one definition shared by the account
 * bootstrap (which hashes) and the identity store in the web module (which verifies).
 */
public final class AdministratorCredentials {

    public static final String ROLE = "admin";
    public static final String DEFAULT_ADMINISTRATOR = "admin";
    public static final String DATA_SOURCE = "jdbc/lifeboat";
    public static final String CALLER_QUERY = "SELECT PASSWORD_HASH FROM ADMINISTRATOR WHERE NAME = ?";
    public static final String GROUPS_QUERY = "SELECT 'admin' FROM ADMINISTRATOR WHERE NAME = ?";

    /** PBKDF2 parameters (Jakarta Security's Pbkdf2PasswordHash); each hash records its own, so they may grow. */
    public static final String ALGORITHM = "Pbkdf2PasswordHash.Algorithm=PBKDF2WithHmacSHA256";
    public static final String ITERATIONS = "Pbkdf2PasswordHash.Iterations=120000";
    public static final String SALT_SIZE = "Pbkdf2PasswordHash.SaltSizeBytes=32";
    public static final String KEY_SIZE = "Pbkdf2PasswordHash.KeySizeBytes=32";

    private AdministratorCredentials() {
    }

    public static Map<String, String> hashParameters() {
        return Map.of(
                key(ALGORITHM), value(ALGORITHM),
                key(ITERATIONS), value(ITERATIONS),
                key(SALT_SIZE), value(SALT_SIZE),
                key(KEY_SIZE), value(KEY_SIZE));
    }

    private static String key(String parameter) {
        return parameter.substring(0, parameter.indexOf('='));
    }

    private static String value(String parameter) {
        return parameter.substring(parameter.indexOf('=') + 1);
    }
}
