package org.lifeboat.recoveryplan;

/** The actions a recovery plan runs on its items, with the names of the items' own actions (ASR's). */
public enum PlanOperation {
    TEST_FAILOVER("testFailover"),
    TEST_FAILOVER_CLEANUP("testFailoverCleanup"),
    UNPLANNED_FAILOVER("unplannedFailover"),
    FAILOVER_COMMIT("failoverCommit"),
    /** Failback: each item's final point of its reverse side (RecoveryToPrimary). */
    PLANNED_FAILOVER("plannedFailover"),
    /** Failback: each item replicates back (RecoveryToPrimary) or is protected as before (PrimaryToRecovery). */
    RE_PROTECT("reProtect");

    private final String apiName;

    PlanOperation(String apiName) {
        this.apiName = apiName;
    }

    public String apiName() {
        return apiName;
    }

    /**
     * Whether the plan's pre and post actions run: they prepare and check the machines that come up, so they run
     * for the failovers (test included); a cleanup or a commit only walks the groups in order, as in ASR.
     */
    public boolean runsActions() {
        return this == TEST_FAILOVER || this == UNPLANNED_FAILOVER || this == PLANNED_FAILOVER;
    }

    /** The plan job's kind, e.g. {@code recoveryPlan.testFailover}. */
    public String jobKind() {
        return "recoveryPlan." + apiName;
    }
}
