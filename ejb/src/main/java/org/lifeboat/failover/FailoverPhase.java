package org.lifeboat.failover;

/**
 * Where an item is in its (production) failover and failback (names of at most 16 characters: the column
 * FAILOVER_PHASE). The phases ending in a running job hold the item: no
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
    COMMITTED(ProtectionState.FAILOVER_COMMITTED, false),
    /** A reProtect job towards Primary runs: the reverse seeds are being copied from the failover disks. */
    REPROTECTING(ProtectionState.FAILOVER_COMMITTED, true),
    /** The failed-over machine replicates back (its reverse item) towards the on-premises disks. */
    REPLICATING_BACK(ProtectionState.PROTECTED, false),
    /** A plannedFailover job towards Primary runs: the final recovery point of the reverse side is taken. */
    FAILING_BACK(ProtectionState.FAILOVER_IN_PROGRESS, true),
    /** Failed back: the master target brings the on-premises disks to the final point; then reProtect forward. */
    FAILED_BACK(ProtectionState.FAILED_OVER, false),
    /** A reProtect job towards Recovery runs: the reverse side is removed, the original seeds resynced. */
    PROTECTING_AGAIN(ProtectionState.FAILED_OVER, true);

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

    /** The phase a running job started from, where the item goes back when it fails or the server stops. */
    FailoverPhase before() {
        return switch (this) {
            case FAILING_OVER -> NONE;
            case CHANGING_POINT, COMMITTING, CANCELLING -> FAILED_OVER;
            case REPROTECTING -> COMMITTED;
            case FAILING_BACK -> REPLICATING_BACK;
            case PROTECTING_AGAIN -> FAILED_BACK;
            default -> this;
        };
    }
}
