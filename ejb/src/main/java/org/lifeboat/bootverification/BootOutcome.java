package org.lifeboat.bootverification;

/** What a boot verification of a recovery point found. */
public enum BootOutcome {
    /** The console showed the marker (and the probe, if any, exited 0). */
    BOOTED,
    /** No marker within the time limit, a firmware or kernel failure on the console, or the machine stopped. */
    FAILED_TO_BOOT,
    /** The marker came, but the probe command exited non-zero or never answered. */
    PROBE_FAILED
}
