package org.lifeboat.monitoring;

/** Whether one part of the server works, and in a few words why (never a secret). */
public record PartHealth(String part, boolean up, String detail) {

    public static PartHealth up(String part, String detail) {
        return new PartHealth(part, true, detail);
    }

    public static PartHealth down(String part, String detail) {
        return new PartHealth(part, false, detail);
    }
}
