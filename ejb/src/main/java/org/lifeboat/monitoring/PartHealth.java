package org.lifeboat.monitoring;

/**
 * Whether one part of the server works, and in a few words why. {@code detail} is public (the
 * unauthenticated health answer shows it): never a secret, an account name or an endpoint. {@code
 * diagnosis} is for the server log only, with what an operator needs to act.
 */
public record PartHealth(String part, boolean up, String detail, String diagnosis) {

    public static PartHealth up(String part, String detail) {
        return new PartHealth(part, true, detail, detail);
    }

    public static PartHealth down(String part, String detail) {
        return new PartHealth(part, false, detail, detail);
    }

    public static PartHealth down(String part, String detail, String diagnosis) {
        return new PartHealth(part, false, detail, diagnosis);
    }
}
