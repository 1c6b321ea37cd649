package org.lifeboat.web.console;

import java.util.List;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Named;
import org.lifeboat.job.Job;
import org.lifeboat.recoveryplan.RecoveryPlan;
import org.lifeboat.recoveryplan.RecoveryPlanRepository;

/** The recovery plans page: every plan with its boot groups, items and the job it runs now, if any. */
@Named("recoveryPlans")
@RequestScoped
public class RecoveryPlansBean {

    @EJB
    private RecoveryPlanRepository plans;

    /** A plan, and the id of its job not over yet (null if none): the link to its run view. */
    public record Row(RecoveryPlan plan, String activeJobId) {
    }

    public List<Row> getAll() {
        return plans.list().stream().map(plan -> new Row(plan, plans.activeJob(plan.getName()).map(Job::getId)
                .map(Object::toString).orElse(null))).toList();
    }
}
