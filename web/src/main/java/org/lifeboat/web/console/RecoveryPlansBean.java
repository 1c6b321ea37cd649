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

    public List<RecoveryPlan> getAll() {
        return plans.list();
    }

    /** The id of the plan's job not over yet, or null: the link to its run view. */
    public String activeJobId(String plan) {
        return plans.activeJob(plan).map(Job::getId).map(Object::toString).orElse(null);
    }
}
