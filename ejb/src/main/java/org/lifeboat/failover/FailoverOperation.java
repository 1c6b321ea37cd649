package org.lifeboat.failover;

/** The failover actions on a protected item, named as in ASR's API ({@code POST .../{action}}). */
public enum FailoverOperation {
    TEST_FAILOVER("testFailover"),
    TEST_FAILOVER_CLEANUP("testFailoverCleanup"),
    UNPLANNED_FAILOVER("unplannedFailover"),
    APPLY_RECOVERY_POINT("applyRecoveryPoint"),
    FAILOVER_COMMIT("failoverCommit"),
    FAILOVER_CANCEL("failoverCancel"),
    /** Failback: the failed-over machine replicates back (RecoveryToPrimary), or the item forward again. */
    REPROTECT("reProtect"),
    /** Failback: the final point of the reverse side, for the on-premises disks (RecoveryToPrimary). */
    PLANNED_FAILOVER("plannedFailover");

    private final String apiName;

    FailoverOperation(String apiName) {
        this.apiName = apiName;
    }

    /** The action's name in the API, also the kind of its job. */
    public String apiName() {
        return apiName;
    }
}
