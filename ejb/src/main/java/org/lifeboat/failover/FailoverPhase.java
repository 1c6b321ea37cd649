package org.lifeboat.failover;

/**
 * Where an item is in its (production) failover. The phases ending in a running job hold the item: no
 * other failover action is allowed until the job ends, however it ends.
 */
public enum FailoverPhase {
    /** Replicating (or never failed over). */
    NONE(ProtectionState.PROTECTED, false),
    /** An unplanned failover job runs. */
    FAILING_OVER(ProtectionState.FAILOVER_IN_PROGRESS, true),
    /** Failed over to a point; the point can be changed, the failover committed or cancelled. */
    FAILED_OVER(ProtectionState.FAILED_OVER, false),
    /** An applyRecoveryPoint job runs. */
    CHANGING_POINT(ProtectionState.FAILED_OVER, true),
    /** A failoverCommit job runs. */
    COMMITTING(ProtectionState.FAILED_OVER, true),
    /** A failoverCancel job runs. */
    CANCELLING(ProtectionState.FAILED_OVER, true),
    /** Committed: the failover is final. */
    COMMITTED(ProtectionState.FAILOVER_COMMITTED, false);

    private final ProtectionState protectionState;
    private final boolean jobRunning;

    FailoverPhase(ProtectionState protectionState, boolean jobRunning) {
        this.protectionState = protectionState;
        this.jobRunning = jobRunning;
    }

    ProtectionState protectionState() {
        return protectionState;
    }

    boolean jobRunning() {
        return jobRunning;
    }
}
