package org.lifeboat.failover;

/** The failover actions on a protected item, named as in ASR's API ({@code POST .../{action}}). */
public enum FailoverOperation {
    TEST_FAILOVER("testFailover"),
    TEST_FAILOVER_CLEANUP("testFailoverCleanup"),
    UNPLANNED_FAILOVER("unplannedFailover"),
    APPLY_RECOVERY_POINT("applyRecoveryPoint"),
    FAILOVER_COMMIT("failoverCommit"),
    FAILOVER_CANCEL("failoverCancel");

    private final String apiName;

    FailoverOperation(String apiName) {
        this.apiName = apiName;
    }

    /** The action's name in the API, also the kind of its job. */
    public String apiName() {
        return apiName;
    }
}
