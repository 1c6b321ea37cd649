package org.lifeboat.policy;

import org.lifeboat.shared.InvalidRequestException;

/**
 * A replication policy's settings, with Azure Site Recovery's fields and limits. Every value is
 * checked here, so that an entity or a schedule never sees one outside them.
 *
 * @param rpoThresholdMinutes             above this RPO the item raises an alert
 * @param retentionHours                  how long recovery points are kept; 0 keeps only the newest
 * @param appConsistentFrequencyHours     how often the agent takes an app-consistent bookmark; 0 is off
 * @param crashConsistentFrequencyMinutes how often the agent takes a crash-consistent bookmark
 */
public record PolicySettings(int rpoThresholdMinutes, int retentionHours, int appConsistentFrequencyHours,
                             int crashConsistentFrequencyMinutes) {

    public static final int MIN_RPO_THRESHOLD_MINUTES = 1;
    /** A day: past that, an RPO alert says nothing an operator has not long noticed. */
    public static final int MAX_RPO_THRESHOLD_MINUTES = 1440;
    /** ASR keeps recovery points up to 15 days. */
    public static final int MAX_RETENTION_HOURS = 360;
    /** ASR takes app-consistent snapshots at most every 12 hours (or not at all). */
    public static final int MAX_APP_CONSISTENT_FREQUENCY_HOURS = 12;
    public static final int MIN_CRASH_CONSISTENT_FREQUENCY_MINUTES = 1;
    public static final int MAX_CRASH_CONSISTENT_FREQUENCY_MINUTES = 60;

    /** ASR's defaults, with app-consistent points off until pre-freeze scripts are configured. */
    public static final PolicySettings DEFAULTS = new PolicySettings(30, 24, 0, 5);

    /** @throws InvalidRequestException naming the first field that breaks its rule, and the rule */
    public PolicySettings {
        between("rpoThresholdMinutes", rpoThresholdMinutes, MIN_RPO_THRESHOLD_MINUTES, MAX_RPO_THRESHOLD_MINUTES);
        between("retentionHours", retentionHours, 0, MAX_RETENTION_HOURS);
        between("appConsistentFrequencyHours", appConsistentFrequencyHours, 0, MAX_APP_CONSISTENT_FREQUENCY_HOURS);
        between("crashConsistentFrequencyMinutes", crashConsistentFrequencyMinutes,
                MIN_CRASH_CONSISTENT_FREQUENCY_MINUTES, MAX_CRASH_CONSISTENT_FREQUENCY_MINUTES);
        // a window shorter than the interval between points would hold at most the newest point
        if (retentionHours > 0 && crashConsistentFrequencyMinutes > retentionHours * 60) {
            throw new InvalidRequestException("crashConsistentFrequencyMinutes", "crashConsistentFrequencyMinutes ("
                    + crashConsistentFrequencyMinutes + ") must not exceed the retention window (" + retentionHours
                    + " h = " + retentionHours * 60 + " min) when retentionHours is above 0");
        }
        if (retentionHours > 0 && appConsistentFrequencyHours > retentionHours) {
            throw new InvalidRequestException("appConsistentFrequencyHours", "appConsistentFrequencyHours ("
                    + appConsistentFrequencyHours + ") must not exceed retentionHours (" + retentionHours
                    + ") when retentionHours is above 0");
        }
    }

    private static void between(String field, int value, int min, int max) {
        if (value < min || value > max) {
            throw new InvalidRequestException(field, field + " must be between " + min + " and " + max + ", not "
                    + value + ruleNote(field));
        }
    }

    private static String ruleNote(String field) {
        return switch (field) {
            case "retentionHours" -> " (hours, up to 15 days; 0 keeps only the newest recovery point)";
            case "appConsistentFrequencyHours" -> " (hours; 0 turns app-consistent points off)";
            default -> "";
        };
    }
}
