package org.lifeboat.recoveryplan;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import org.lifeboat.home.LifeboatHome;
import org.lifeboat.job.Job;
import org.lifeboat.job.JobId;
import org.lifeboat.job.JobRepository;
import org.lifeboat.protecteditem.ProtectedItem;
import org.lifeboat.shared.ConflictException;
import org.lifeboat.shared.ItemNotFoundException;

/**
 * The stored recovery plans, and the one run each may have at a time. A plan is checked whole before it is
 * stored (a 400 naming the field, nothing stored) and cannot change or go while its run is not over, so a run
 * resumed later follows the plan it started with.
 */
@Stateless
public class RecoveryPlanRepository {

    /** How long a claimed run may take to get its job before the claim counts as abandoned. */
    private static final java.time.Duration STARTING = java.time.Duration.ofMinutes(1);

    @PersistenceContext
    private EntityManager em;

    @EJB
    private JobRepository jobs;

    @Inject
    private LifeboatHome home;

    /** Creates or replaces the plan. @return whether it is new */
    public boolean put(String name, JsonObject json) {
        new PlanName(name);
        PlanDefinition definition = PlanDefinition.parse(json, item -> em.find(ProtectedItem.class, item) != null,
                scripts());
        RecoveryPlan plan = em.find(RecoveryPlan.class, name, LockModeType.PESSIMISTIC_WRITE);
        if (plan == null) {
            em.persist(new RecoveryPlan(name, definition, Instant.now()));
            return true;
        }
        refuseWhileRunning(name, "changed");
        plan.define(definition, Instant.now());
        return false;
    }

    public RecoveryPlan find(String name) {
        RecoveryPlan plan = em.find(RecoveryPlan.class, name);
        if (plan == null) {
            throw new ItemNotFoundException("no recovery plan '" + name + "'");
        }
        return plan;
    }

    public List<RecoveryPlan> list() {
        return em.createNamedQuery(RecoveryPlan.ALL, RecoveryPlan.class).getResultList();
    }

    public void delete(String name) {
        RecoveryPlan plan = em.find(RecoveryPlan.class, name, LockModeType.PESSIMISTIC_WRITE);
        if (plan == null) {
            throw new ItemNotFoundException("no recovery plan '" + name + "'");
        }
        refuseWhileRunning(name, "deleted");
        PlanRun stale = em.find(PlanRun.class, name);
        if (stale != null) {
            em.remove(stale);
        }
        em.remove(plan);
    }

    /** The plan's job now, if one is queued, running or suspended. */
    public Optional<Job> activeJob(String name) {
        PlanRun run = em.find(PlanRun.class, name);
        if (run == null || run.jobId() == null) {
            return Optional.empty();
        }
        Job job = jobs.find(JobId.parse(run.jobId()).orElseThrow());
        return job.getState().isFinal() ? Optional.empty() : Optional.of(job);
    }

    /**
     * Claims the plan for a run (a 409 while another is not over) and returns the plan to run; the run's job
     * is recorded by {@link #started}.
     */
    public PlanDefinition claim(String name, PlanRequest request) {
        RecoveryPlan plan = em.find(RecoveryPlan.class, name, LockModeType.PESSIMISTIC_WRITE);
        if (plan == null) {
            throw new ItemNotFoundException("no recovery plan '" + name + "'");
        }
        refuseWhileRunning(name, "run again");
        PlanRun stale = em.find(PlanRun.class, name);
        if (stale != null) {
            em.remove(stale);
            em.flush();
        }
        em.persist(new PlanRun(name, request));
        return plan.definition();
    }

    public void started(String name, JobId job) {
        em.find(PlanRun.class, name).started(job.toString());
    }

    /** The claim is given up: the job could not even be queued. */
    public void released(String name) {
        PlanRun run = em.find(PlanRun.class, name);
        if (run != null) {
            em.remove(run);
        }
    }

    public void suspendedBefore(String name, int stage) {
        em.find(PlanRun.class, name).suspendedBefore(stage);
    }

    /** The run whose job this is, with its plan. */
    public Optional<PlanRun> runOf(JobId job) {
        return em.createQuery("SELECT r FROM PlanRun r WHERE r.jobId = :job", PlanRun.class)
                .setParameter("job", job.toString()).getResultStream().findFirst();
    }

    public ScriptsDirectory scripts() {
        return new ScriptsDirectory(RecoveryPlanSettings.scriptsDir(home.root()));
    }

    private void refuseWhileRunning(String name, String what) {
        PlanRun run = em.find(PlanRun.class, name);
        if (run == null) {
            return;
        }
        if (run.jobId() == null && run.claimedAt().isAfter(Instant.now().minus(STARTING))) {
            throw new ConflictException("recovery plan '" + name + "' is starting a job; it cannot be " + what
                    + " now");
        }
        if (run.jobId() == null) {
            return; // a claim whose job never started (the server stopped between the two)
        }
        Job job = jobs.find(JobId.parse(run.jobId()).orElseThrow());
        if (!job.getState().isFinal()) {
            throw new ConflictException("recovery plan '" + name + "' has a job that is not over (" + job.getKind()
                    + ", job " + job.getId() + ", " + job.getState().name().toLowerCase(java.util.Locale.ROOT)
                    + "): it cannot be " + what + " until that job ends"
                    + (job.getState() == org.lifeboat.job.JobState.SUSPENDED ? " (resume it: POST /api/v1/jobs/"
                    + job.getId() + "/resume)" : ""));
        }
    }
}
