package org.lifeboat.recoveryplan;

import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import org.lifeboat.failover.FailoverRepository;
import org.lifeboat.failover.FailoverStatus;
import org.lifeboat.failover.FailoverDisks;
import org.lifeboat.failover.Failovers;
import org.lifeboat.job.Job;
import org.lifeboat.shared.ConflictException;

/**
 * Where a plan's action meets each item's own: the item's failover job, started as the item's API would start
 * it (its state checks, its steps, its cleanup on failure). A {@link ConflictException} means the item's state
 * does not allow it (failed over already, by another plan or alone): the plan skips it with that reason.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class PlanItemActions {

    @EJB
    private Failovers failovers;

    @EJB
    private FailoverRepository ledger;

    /** Refuses, before anything starts, the plan actions whose item actions do not exist yet. */
    static void checkAvailable(PlanOperation operation) {
        if (operation == PlanOperation.PLANNED_FAILOVER || operation == PlanOperation.RE_PROTECT) {
            // failback plugs in here (and in start below) once the items' plannedFailover and reProtect exist
            throw new ConflictException(operation.apiName() + " of a recovery plan is not available yet: it comes "
                    + "with failback; run it on each protected item once failback is installed");
        }
    }

    /** Starts the item's job for the plan's action. */
    public Job start(String item, PlanRequest request) {
        return switch (request.operation()) {
            case TEST_FAILOVER -> failovers.testFailover(item, request.choice(), request.networkId());
            case TEST_FAILOVER_CLEANUP -> failovers.testFailoverCleanup(item, request.comments());
            case UNPLANNED_FAILOVER -> failovers.unplannedFailover(item, request.choice(), request.performShutdown());
            case FAILOVER_COMMIT -> failovers.failoverCommit(item);
            case PLANNED_FAILOVER, RE_PROTECT -> {
                checkAvailable(request.operation());
                throw new IllegalStateException("unreachable");
            }
        };
    }

    /** Where the item's failover disks and deployment are now (drill or failover), for the scripts; null if none. */
    public String artifacts(String item, PlanOperation operation) {
        FailoverStatus status = ledger.item(item).failover();
        String folder = operation == PlanOperation.TEST_FAILOVER || operation == PlanOperation.TEST_FAILOVER_CLEANUP
                ? status.testFolder() : status.failoverFolder();
        return folder == null ? null : FailoverDisks.CONTAINER + "/" + folder;
    }
}
