package org.lifeboat.agent.tracking;

/** How the agent finds a disk's changes. */
public enum Tracker {
    /** Reads and hashes the whole disk per pass: portable, the fallback and the verifier. */
    SCAN,
    /** Follows the kernel's block completion tracepoints and compares only the blocks written. */
    TRACE;

    /** As status and the heartbeat spell it. */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
