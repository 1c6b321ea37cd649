package org.lifeboat.recoveryplan;

import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import java.util.List;
import org.lifeboat.failover.Failbacks;
import org.lifeboat.failover.FailoverRepository;
import org.lifeboat.failover.FailoverPhase;
import org.lifeboat.failover.FailoverStatus;
import org.lifeboat.failover.FailoverDisks;
import org.lifeboat.failover.Failovers;
import org.lifeboat.job.Job;
import org.lifeboat.shared.ConflictException;
import org.lifeboat.shared.ItemNotFoundException;

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

    @EJB
    private Failbacks failbacks;

    /**
     * Checks a failback request against the plan's items before anything starts: towards Primary, each item failed
     * over and committed needs its agent (400 naming the field).
     */
    public void check(PlanRequest request, List<String> planItems) {
        request.check(planItems, item -> {
            try {
                return ledger.item(item).failover().phase() == FailoverPhase.COMMITTED;
            } catch (ItemNotFoundException gone) {
                return false; // the item went since the plan was stored: it is skipped
            }
        });
    }

    /** Starts the item's job for the plan's action. */
    public Job start(String item, PlanRequest request) {
        return switch (request.operation()) {
            case TEST_FAILOVER -> failovers.testFailover(item, request.choice(), request.networkId());
            case TEST_FAILOVER_CLEANUP -> failovers.testFailoverCleanup(item, request.comments());
            case UNPLANNED_FAILOVER -> failovers.unplannedFailover(item, request.choice(), request.performShutdown());
            case FAILOVER_COMMIT -> failovers.failoverCommit(item);
            case PLANNED_FAILOVER -> failbacks.plannedFailover(item, request.failoverDirection());
            case RE_PROTECT -> failbacks.reProtect(item, request.failoverDirection(), request.agents().get(item),
                    request.masterTargets().get(item));
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
