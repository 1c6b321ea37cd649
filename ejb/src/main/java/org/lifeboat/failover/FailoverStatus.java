package org.lifeboat.failover;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;

/**
 * A protected item's failover state: its production failover and its drill, the point each used and
 * where their artifacts are (a folder of the {@code failover} container). Which actions it allows follows
 * from it alone ({@link #refusal}), so the API's {@code allowedOperations} and the 409s never disagree.
 */
@Embeddable
public class FailoverStatus {

    /**
     * NONE, never null, in a status made here: EclipseLink reads an embedded whose columns are all null as null,
     * and {@code ProtectedItem.failover()} replacing that null with a new, all-null status was a change written back
     * as the same nulls, at every read (an UPDATE and a row lock per item read, e.g. 500 per catalog rewrite).
     */
    @Enumerated(EnumType.STRING)
    @Column(name = "FAILOVER_PHASE", length = 16)
    private FailoverPhase phase = FailoverPhase.NONE;

    @Enumerated(EnumType.STRING)
    @Column(name = "TEST_FAILOVER_STATE", length = 16)
    private TestFailoverState testState;

    @Column(name = "TEST_FAILOVER_POINT", length = 36)
    private String testPointId;

    /** The drill's folder in the failover container, e.g. {@code web01/test-<job>/}. */
    @Column(name = "TEST_FAILOVER_FOLDER", length = 160)
    private String testFolder;

    @Column(name = "FAILOVER_POINT", length = 36)
    private String failoverPointId;

    @Column(name = "FAILOVER_FOLDER", length = 160)
    private String failoverFolder;

    @Column(name = "FAILED_OVER_AT")
    private Instant failedOverAt;

    @Column(name = "FAILOVER_COMMITTED_AT")
    private Instant committedAt;

    /** While failing back: the item the failed-over machine replicates back as (its reverse side). */
    @Column(name = "REVERSE_ITEM", length = 64)
    private String reverseItem;

    /** After a planned failover back: the reverse side's final point, which the master target applies. */
    @Column(name = "FAILBACK_POINT", length = 36)
    private String failbackPointId;

    public FailoverPhase phase() {
        return phase == null ? FailoverPhase.NONE : phase;
    }

    /**
     * What the vault catalog keeps of an item's failover and failback, so that a Lifeboat recovered on a new server
     * can go on from there (commit, fail back): the phase, never one of a running job (the phase it started from,
     * as after a restart), and what that phase refers to. A drill is not kept: its blobs, if any, are under the
     * item's name in the failover container.
     */
    public record Kept(FailoverPhase phase, String pointId, String folder, Instant failedOverAt, Instant committedAt,
                       String reverseItem, String failbackPointId) {
    }

    /** What the vault catalog keeps of this state, or null when the item never failed over. */
    public Kept kept() {
        FailoverPhase stable = phase().before();
        return stable == FailoverPhase.NONE ? null : new Kept(stable, failoverPointId, failoverFolder, failedOverAt,
                committedAt, reverseItem, failbackPointId);
    }

    /** The state of an item recovered from the vault catalog, as {@link #kept} saved it (null: never failed over). */
    public static FailoverStatus recovered(Kept kept) {
        FailoverStatus status = new FailoverStatus();
        if (kept != null) {
            status.phase = kept.phase().before();
            status.failoverPointId = kept.pointId();
            status.failoverFolder = kept.folder();
            status.failedOverAt = kept.failedOverAt();
            status.committedAt = kept.committedAt();
            status.reverseItem = kept.reverseItem();
            status.failbackPointId = kept.failbackPointId();
        }
        return status;
    }

    public TestFailoverState testState() {
        return testState == null ? TestFailoverState.NONE : testState;
    }

    /**
     * Why the operation is not allowed now, or empty when it is.
     *
     * @param hasPoint whether the item has a recovery point to fail over to
     */
    public Optional<String> refusal(FailoverOperation operation, boolean hasPoint) {
        FailoverPhase now = phase();
        TestFailoverState test = testState();
        if (now.jobRunning()) {
            return Optional.of("a " + running(now) + " job of the item is running; wait for it to end");
        }
        return switch (operation) {
            case TEST_FAILOVER -> !hasPoint ? Optional.of(noPoint())
                    : test == TestFailoverState.IN_PROGRESS || test == TestFailoverState.CLEANING_UP
                    ? Optional.of("a test failover job of the item is running")
                    : test != TestFailoverState.NONE ? Optional.of("the item's last test failover is not cleaned up: "
                    + "run testFailoverCleanup first")
                    : now != FailoverPhase.NONE ? Optional.of("the item is " + label(now) + "; a test failover needs "
                    + "it replicating") : Optional.empty();
            case TEST_FAILOVER_CLEANUP -> test == TestFailoverState.IN_PROGRESS
                    || test == TestFailoverState.CLEANING_UP ? Optional.of("a test failover job of the item is running")
                    : Optional.empty(); // with nothing to clean up it removes nothing: repeating it is harmless
            case UNPLANNED_FAILOVER -> !hasPoint ? Optional.of(noPoint())
                    : test == TestFailoverState.IN_PROGRESS || test == TestFailoverState.CLEANING_UP
                    ? Optional.of("a test failover job of the item is running")
                    : now != FailoverPhase.NONE ? Optional.of("the item is " + label(now) + " already")
                    : Optional.empty();
            case APPLY_RECOVERY_POINT, FAILOVER_COMMIT, FAILOVER_CANCEL -> now != FailoverPhase.FAILED_OVER
                    ? Optional.of(operation.apiName() + " needs the item failed over and not committed; it is "
                    + label(now)) : Optional.empty();
            case REPROTECT -> now != FailoverPhase.COMMITTED && now != FailoverPhase.FAILED_BACK
                    ? Optional.of("reProtect needs the failover committed (towards Primary) or the item failed back "
                    + "(towards Recovery); it is " + label(now)) : Optional.empty();
            case PLANNED_FAILOVER -> now != FailoverPhase.REPLICATING_BACK
                    ? Optional.of("plannedFailover needs the item replicating back towards Primary (reProtect "
                    + "RecoveryToPrimary first); it is " + label(now)) : Optional.empty();
        };
    }

    /**
     * Why disabling replication is not allowed now, or empty when it is: disabling deletes every recovery point
     * and seed blob, which a failover not yet committed may still change to or cancel back onto, and it would
     * leave a drill's disks behind.
     */
    public Optional<String> disableRefusal() {
        FailoverPhase now = phase();
        if (now.jobRunning()) {
            return Optional.of("a " + running(now) + " job of the item is running; wait for it to end");
        }
        if (now == FailoverPhase.FAILED_OVER) {
            return Optional.of("the item is failed over and not committed: run failoverCommit or failoverCancel "
                    + "first (disabling would delete the points the failover may still change to)");
        }
        if (now == FailoverPhase.REPLICATING_BACK || now == FailoverPhase.FAILED_BACK) {
            return Optional.of("the item is failing back: finish it with reProtect PrimaryToRecovery first");
        }
        if (testState() != TestFailoverState.NONE) {
            return Optional.of("the item's test failover is not cleaned up: run testFailoverCleanup first "
                    + "(disabling would leave its disks behind)");
        }
        return Optional.empty();
    }

    /** What {@link #refusal} allows, for the API's {@code allowedOperations}; a cleanup only when there is a drill. */
    public Set<FailoverOperation> allowedOperations(boolean hasPoint) {
        Set<FailoverOperation> allowed = EnumSet.noneOf(FailoverOperation.class);
        for (FailoverOperation operation : FailoverOperation.values()) {
            if (refusal(operation, hasPoint).isEmpty()) {
                allowed.add(operation);
            }
        }
        if (testState() == TestFailoverState.NONE) {
            allowed.remove(FailoverOperation.TEST_FAILOVER_CLEANUP);
        }
        return allowed;
    }

    public ProtectionState protectionState(boolean replicatedWithPoint) {
        FailoverPhase now = phase();
        if (now == FailoverPhase.NONE) {
            return replicatedWithPoint ? ProtectionState.PROTECTED : ProtectionState.INITIAL_REPLICATION;
        }
        return now.protectionState();
    }

    public ActiveLocation activeLocation() {
        return switch (phase()) {
            case NONE, FAILING_OVER, FAILED_BACK, PROTECTING_AGAIN -> ActiveLocation.PRIMARY;
            default -> ActiveLocation.RECOVERY;
        };
    }

    /** Whether the agent is to stop replicating: from the start of a failover until it is cancelled. */
    public boolean replicationStopped() {
        return phase() != FailoverPhase.NONE;
    }

    // --- transitions, each checked by the caller with refusal() first ----------------------------------

    void testStarted() {
        testState = TestFailoverState.IN_PROGRESS;
        testPointId = null;
    }

    void testSucceeded(String pointId, String folder) {
        testState = TestFailoverState.SUCCEEDED;
        testPointId = pointId;
        testFolder = folder;
    }

    /** A failed drill: with artifacts left in the folder, they wait for a cleanup. */
    void testFailed(String folder, boolean artifactsLeft) {
        testState = artifactsLeft ? TestFailoverState.FAILED : TestFailoverState.NONE;
        testFolder = artifactsLeft ? folder : null;
    }

    /** @return the folder of the drill to clean up, if any */
    Optional<String> cleanupStarted() {
        testState = TestFailoverState.CLEANING_UP;
        return Optional.ofNullable(testFolder);
    }

    void cleanedUp() {
        testState = TestFailoverState.NONE;
        testPointId = null;
        testFolder = null;
    }

    void cleanupFailed() {
        testState = TestFailoverState.FAILED;
    }

    void phaseStarted(FailoverPhase running) {
        phase = running;
    }

    void failedOver(String pointId, String folder, Instant at) {
        phase = FailoverPhase.FAILED_OVER;
        failoverPointId = pointId;
        failoverFolder = folder;
        if (failedOverAt == null) {
            failedOverAt = at;
        }
    }

    /** The running job failed and undid what it made: back where it started. */
    void phaseFailed(FailoverPhase before) {
        phase = before;
    }

    void committed(Instant at) {
        phase = FailoverPhase.COMMITTED;
        committedAt = at;
    }

    void reverseReplicating(String reverse) {
        phase = FailoverPhase.REPLICATING_BACK;
        reverseItem = reverse;
    }

    void failedBack(String pointId) {
        phase = FailoverPhase.FAILED_BACK;
        failbackPointId = pointId;
    }

    /** Protected forward again: the failover and the failback are history. */
    void reprotectedForward() {
        cancelled();
        committedAt = null;
        reverseItem = null;
        failbackPointId = null;
    }

    void cancelled() {
        phase = FailoverPhase.NONE;
        failoverPointId = null;
        failoverFolder = null;
        failedOverAt = null;
    }

    /**
     * The server stopped while a job of the item ran (its job is marked failed at start): back to the state
     * before it, the drill to FAILED so that a cleanup removes whatever it left.
     *
     * @return what was interrupted, or empty when nothing was
     */
    Optional<String> interrupted() {
        List<String> what = new ArrayList<>();
        if (phase().jobRunning()) {
            what.add(running(phase()));
            phase = phase().before();
        }
        if (testState() == TestFailoverState.IN_PROGRESS || testState() == TestFailoverState.CLEANING_UP) {
            what.add(testState() == TestFailoverState.IN_PROGRESS ? "testFailover" : "testFailoverCleanup");
            testState = TestFailoverState.FAILED;
        }
        return what.isEmpty() ? Optional.empty() : Optional.of(String.join(" and ", what));
    }

    public String testPointId() {
        return testPointId;
    }

    public String testFolder() {
        return testFolder;
    }

    public String failoverPointId() {
        return failoverPointId;
    }

    public String failoverFolder() {
        return failoverFolder;
    }

    public Instant failedOverAt() {
        return failedOverAt;
    }

    public Instant committedAt() {
        return committedAt;
    }

    public String reverseItem() {
        return reverseItem;
    }

    public String failbackPointId() {
        return failbackPointId;
    }

    /** The API's names of the allowed operations, in a stable order. */
    public List<String> allowedOperationNames(boolean hasPoint) {
        List<String> names = new ArrayList<>();
        allowedOperations(hasPoint).forEach(operation -> names.add(operation.apiName()));
        return names;
    }

    private static String noPoint() {
        return "the item has no recovery point yet: it is still in initial replication";
    }

    private static String label(FailoverPhase phase) {
        return switch (phase) {
            case NONE -> "replicating";
            case COMMITTED -> "failed over and committed";
            case REPLICATING_BACK -> "replicating back towards Primary";
            case FAILED_BACK -> "failed back";
            case FAILED_OVER -> "failed over";
            default -> running(phase);
        };
    }

    private static String running(FailoverPhase phase) {
        return switch (phase) {
            case FAILING_OVER -> "unplannedFailover";
            case CHANGING_POINT -> "applyRecoveryPoint";
            case COMMITTING -> "failoverCommit";
            case CANCELLING -> "failoverCancel";
            case REPROTECTING, PROTECTING_AGAIN -> "reProtect";
            case FAILING_BACK -> "plannedFailover";
            default -> phase.name();
        };
    }
}
