package org.lifeboat.job;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Logger;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.criteria.CriteriaBuilder;
import jakarta.persistence.criteria.CriteriaQuery;
import jakarta.persistence.criteria.Predicate;
import jakarta.persistence.criteria.Root;
import jakarta.persistence.LockModeType;
import org.lifeboat.shared.ConflictException;
import org.lifeboat.shared.ItemNotFoundException;

/**
 * The record of every job: created queued, then running, with progress, ending succeeded or failed.
 * Each change commits on its own (REQUIRES_NEW), so the API shows progress while the work runs and a
 * failure of the caller's transaction cannot hide how a job ended. {@link JobRunner} runs the work.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
public class JobRepository {

    private static final Logger LOG = Logger.getLogger(JobRepository.class.getName());

    @PersistenceContext
    private EntityManager em;

    /** A queued job of this kind (e.g. "discovery") about this target (e.g. "fabric/vcenter"). */
    public Job start(String kind, String target) {
        return start(kind, target, List.of());
    }

    /** A queued job that will go through these steps, in this order. */
    public Job start(String kind, String target, List<String> steps) {
        Job job = new Job(JobId.random(), kind, target, Instant.now(), steps);
        em.persist(job);
        return job;
    }

    public void stepStarted(JobId id, String step) {
        job(id).stepStarted(step, Instant.now());
    }

    public void stepEnded(JobId id, String step, JobStepState outcome, String detail) {
        job(id).stepEnded(step, Instant.now(), outcome, detail);
    }

    public void running(JobId id) {
        job(id).run(Instant.now());
    }

    public void progress(JobId id, int percent) {
        job(id).progress(percent);
    }

    public void suspend(JobId id, String description) {
        job(id).suspend(description);
        LOG.info("Job " + id + " suspended: " + description);
    }

    /**
     * Puts a suspended job back to running, under a row lock so that two resumes cannot both win.
     *
     * @return the job, running again
     * @throws ConflictException when the job is not suspended
     */
    public Job resume(JobId id) {
        Job job = em.find(Job.class, id.toString(), LockModeType.PESSIMISTIC_WRITE);
        if (job == null) {
            throw new ItemNotFoundException("no job " + id);
        }
        JobState was = job.getState();
        if (!job.resume()) {
            throw new ConflictException("job " + id + " is " + was.name().toLowerCase(java.util.Locale.ROOT) + ", not suspended: only a "
                    + "suspended job can be resumed");
        }
        return job;
    }

    public void succeed(JobId id, String result) {
        job(id).succeed(Instant.now(), result);
    }

    public void fail(JobId id, String reason) {
        Job job = job(id);
        job.fail(Instant.now(), reason);
        LOG.warning("Job " + id + " (" + job.getKind() + " of " + job.getTarget() + ") failed: " + job.getError());
    }

    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public Job find(JobId id) {
        Job job = em.find(Job.class, id.toString());
        if (job == null) {
            throw new ItemNotFoundException("no job " + id);
        }
        return job;
    }

    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public List<Job> list(JobFilter filter) {
        CriteriaBuilder cb = em.getCriteriaBuilder();
        CriteriaQuery<Job> query = cb.createQuery(Job.class);
        Root<Job> job = query.from(Job.class);
        List<Predicate> where = new ArrayList<>();
        if (filter.state() != null) {
            where.add(cb.equal(job.get("state"), filter.state()));
        }
        if (filter.kind() != null) {
            where.add(cb.equal(job.get("kind"), filter.kind()));
        }
        if (filter.target() != null) {
            where.add(cb.equal(job.get("target"), filter.target()));
        }
        query.where(where.toArray(Predicate[]::new)).orderBy(cb.desc(job.get("createdAt")), cb.asc(job.get("id")));
        return em.createQuery(query).setMaxResults(filter.max()).getResultList();
    }

    /** Jobs a stopped server left unfinished can never end by themselves: they failed. */
    public int failUnfinished(String reason) {
        List<Job> open = em.createQuery("SELECT j FROM Job j WHERE j.state IN :states", Job.class)
                .setParameter("states", List.of(JobState.QUEUED, JobState.RUNNING)).getResultList();
        Instant now = Instant.now();
        open.forEach(j -> j.fail(now, reason));
        return open.size();
    }

    private Job job(JobId id) {
        Job job = em.find(Job.class, id.toString());
        if (job == null) {
            throw new ItemNotFoundException("no job " + id);
        }
        return job;
    }
}
