package org.lifeboat.failover;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class FailoverStatusTest {

    @Test
    void anItemWithoutAPointIsInInitialReplicationAndCanOnlyBeCleanedUp() {
        FailoverStatus status = new FailoverStatus();
        assertEquals(ProtectionState.INITIAL_REPLICATION, status.protectionState(false));
        assertEquals(List.of(), status.allowedOperationNames(false));
        assertTrue(status.refusal(FailoverOperation.TEST_FAILOVER, false).orElseThrow().contains("no recovery point"));
        assertTrue(status.refusal(FailoverOperation.TEST_FAILOVER_CLEANUP, false).isEmpty(), "harmless");
    }

    @Test
    void aDrillHoldsFurtherDrillsUntilCleanedUp() {
        FailoverStatus status = new FailoverStatus();
        assertEquals(List.of("testFailover", "unplannedFailover"), status.allowedOperationNames(true));
        status.testStarted();
        assertEquals(List.of(), status.allowedOperationNames(true), "nothing while the job runs");
        status.testSucceeded("p1", "web01/test-j/");
        assertEquals(List.of("testFailoverCleanup", "unplannedFailover"), status.allowedOperationNames(true));
        assertTrue(status.refusal(FailoverOperation.TEST_FAILOVER, true).orElseThrow().contains("not cleaned up"));
        assertEquals("web01/test-j/", status.cleanupStarted().orElseThrow());
        status.cleanedUp();
        assertEquals(TestFailoverState.NONE, status.testState());
        assertEquals(List.of("testFailover", "unplannedFailover"), status.allowedOperationNames(true));
    }

    @Test
    void aFailedDrillWithLeftoversWaitsForCleanupWithoutLeavesNone() {
        FailoverStatus status = new FailoverStatus();
        status.testStarted();
        status.testFailed("web01/test-j/", true);
        assertEquals(TestFailoverState.FAILED, status.testState());
        assertTrue(status.allowedOperations(true).contains(FailoverOperation.TEST_FAILOVER_CLEANUP));
        status.testStarted();
        status.testFailed("web01/test-k/", false);
        assertEquals(TestFailoverState.NONE, status.testState());
    }

    @Test
    void failoverThenChangeOfPointThenCommit() {
        FailoverStatus status = new FailoverStatus();
        status.phaseStarted(FailoverPhase.FAILING_OVER);
        assertEquals(ProtectionState.FAILOVER_IN_PROGRESS, status.protectionState(true));
        assertEquals(ActiveLocation.PRIMARY, status.activeLocation());
        assertTrue(status.replicationStopped());
        assertTrue(status.refusal(FailoverOperation.FAILOVER_COMMIT, true).orElseThrow().contains("unplannedFailover job"));
        status.failedOver("p1", "web01/failover-a/", Instant.EPOCH);
        assertEquals(ProtectionState.FAILED_OVER, status.protectionState(true));
        assertEquals(ActiveLocation.RECOVERY, status.activeLocation());
        assertEquals(List.of("applyRecoveryPoint", "failoverCommit", "failoverCancel"), status.allowedOperationNames(true));
        assertTrue(status.refusal(FailoverOperation.UNPLANNED_FAILOVER, true).orElseThrow().contains("already"));

        status.phaseStarted(FailoverPhase.CHANGING_POINT);
        status.phaseFailed(FailoverPhase.FAILED_OVER); // a failed change keeps the previous point
        assertEquals("p1", status.failoverPointId());
        status.failedOver("p2", "web01/failover-b/", Instant.MAX);
        assertEquals("p2", status.failoverPointId());
        assertEquals(Instant.EPOCH, status.failedOverAt(), "failed over when it first did");

        status.committed(Instant.EPOCH);
        assertEquals(ProtectionState.FAILOVER_COMMITTED, status.protectionState(true));
        assertEquals(List.of("reProtect"), status.allowedOperationNames(true), "only failback goes on from here");
        assertTrue(status.replicationStopped());
    }

    /** FAILOVER_PHASE is VARCHAR(16), and an existing column is not widened: a longer name fails the commit. */
    @Test
    void everyPhaseFitsItsColumn() {
        for (FailoverPhase phase : FailoverPhase.values()) {
            assertTrue(phase.name().length() <= 16, phase.name());
        }
    }

    @Test
    void failbackReplicatesBackThenFailsBackThenProtectsForwardAgain() {
        FailoverStatus status = new FailoverStatus();
        assertTrue(status.refusal(FailoverOperation.REPROTECT, true).orElseThrow().contains("committed"));
        assertTrue(status.refusal(FailoverOperation.PLANNED_FAILOVER, true).orElseThrow().contains("reProtect"));
        status.failedOver("p1", "web01/failover-a/", Instant.EPOCH);
        assertTrue(status.refusal(FailoverOperation.REPROTECT, true).isPresent(), "not before the commit");
        status.committed(Instant.EPOCH);

        status.phaseStarted(FailoverPhase.REPROTECTING);
        assertEquals(List.of(), status.allowedOperationNames(true));
        assertEquals(FailoverPhase.COMMITTED, FailoverPhase.REPROTECTING.before());
        status.reverseReplicating("web01-failback");
        assertEquals(ProtectionState.PROTECTED, status.protectionState(true));
        assertEquals(ActiveLocation.RECOVERY, status.activeLocation());
        assertEquals(List.of("plannedFailover"), status.allowedOperationNames(true));
        assertTrue(status.replicationStopped(), "the on-premises agent does not replicate while failing back");
        assertTrue(status.disableRefusal().orElseThrow().contains("failing back"));

        status.phaseStarted(FailoverPhase.FAILING_BACK);
        assertEquals("plannedFailover", status.interrupted().orElseThrow());
        assertEquals(FailoverPhase.REPLICATING_BACK, status.phase(), "an interrupted failback replicates back still");
        status.failedBack("p9");
        assertEquals(ActiveLocation.PRIMARY, status.activeLocation());
        assertEquals(List.of("reProtect"), status.allowedOperationNames(true));
        assertEquals("p9", status.failbackPointId());

        status.phaseStarted(FailoverPhase.PROTECTING_AGAIN);
        status.reprotectedForward();
        assertEquals(FailoverPhase.NONE, status.phase());
        assertEquals(ProtectionState.PROTECTED, status.protectionState(true));
        assertEquals(ActiveLocation.PRIMARY, status.activeLocation());
        assertEquals(null, status.reverseItem());
        assertTrue(!status.replicationStopped());
        assertEquals(List.of("testFailover", "unplannedFailover"), status.allowedOperationNames(true));
    }

    @Test
    void theVaultCatalogKeepsAStablePhaseAndANewHomeGoesOnFromIt() {
        FailoverStatus status = new FailoverStatus();
        assertEquals(null, status.kept(), "never failed over: nothing to keep");
        status.failedOver("p1", "web01/failover-a/", Instant.EPOCH);
        status.committed(Instant.EPOCH.plusSeconds(60));
        status.phaseStarted(FailoverPhase.REPROTECTING);
        FailoverStatus.Kept kept = status.kept();
        assertEquals(new FailoverStatus.Kept(FailoverPhase.COMMITTED, "p1", "web01/failover-a/", Instant.EPOCH,
                Instant.EPOCH.plusSeconds(60), null, null), kept, "a running job's phase is kept as the one it left");

        FailoverStatus recovered = FailoverStatus.recovered(kept);
        assertEquals(List.of("reProtect"), recovered.allowedOperationNames(true));
        assertEquals(ActiveLocation.RECOVERY, recovered.activeLocation());
        assertEquals("web01/failover-a/", recovered.failoverFolder());

        status.reverseReplicating("web01-failback");
        status.failedBack("p9");
        FailoverStatus failedBack = FailoverStatus.recovered(status.kept());
        assertEquals("p9", failedBack.failbackPointId());
        assertEquals("web01-failback", failedBack.reverseItem());
        assertEquals(List.of("reProtect"), failedBack.allowedOperationNames(true));
        assertEquals(FailoverPhase.NONE, FailoverStatus.recovered(null).phase());
    }

    @Test
    void replicationCanBeDisabledOnlyWhenNoFailoverOrDrillDependsOnThePoints() {
        FailoverStatus status = new FailoverStatus();
        assertTrue(status.disableRefusal().isEmpty(), "a replicating item");
        status.testStarted();
        assertTrue(status.disableRefusal().orElseThrow().contains("not cleaned up"));
        status.testSucceeded("p1", "web01/test-j/");
        assertTrue(status.disableRefusal().orElseThrow().contains("testFailoverCleanup"));
        status.cleanupStarted();
        status.cleanedUp();
        status.phaseStarted(FailoverPhase.FAILING_OVER);
        assertTrue(status.disableRefusal().orElseThrow().contains("job of the item is running"));
        status.failedOver("p1", "web01/failover-a/", Instant.EPOCH);
        assertTrue(status.disableRefusal().orElseThrow().contains("failoverCommit or failoverCancel"));
        status.committed(Instant.EPOCH);
        assertTrue(status.disableRefusal().isEmpty(), "a committed failover, as in ASR");
    }

    @Test
    void aCancelledFailoverReplicatesAgain() {
        FailoverStatus status = new FailoverStatus();
        status.phaseStarted(FailoverPhase.FAILING_OVER);
        status.failedOver("p1", "web01/failover-a/", Instant.EPOCH);
        status.phaseStarted(FailoverPhase.CANCELLING);
        status.cancelled();
        assertEquals(ProtectionState.PROTECTED, status.protectionState(true));
        assertEquals(ActiveLocation.PRIMARY, status.activeLocation());
        assertTrue(!status.replicationStopped());
        assertEquals(null, status.failoverFolder());
    }

    @Test
    void aJobTheServerStoppedInPutsTheItemBack() {
        FailoverStatus status = new FailoverStatus();
        assertTrue(status.interrupted().isEmpty());
        status.phaseStarted(FailoverPhase.FAILING_OVER);
        status.testStarted();
        assertEquals("unplannedFailover and testFailover", status.interrupted().orElseThrow());
        assertEquals(FailoverPhase.NONE, status.phase());
        assertEquals(TestFailoverState.FAILED, status.testState(), "its leftovers wait for a cleanup");
        status.failedOver("p1", "f/", Instant.EPOCH);
        status.phaseStarted(FailoverPhase.CANCELLING);
        status.interrupted();
        assertEquals(FailoverPhase.FAILED_OVER, status.phase());
    }
}
