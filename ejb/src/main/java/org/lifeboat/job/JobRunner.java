package org.lifeboat.job;

import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import jakarta.annotation.Resource;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.concurrent.ManagedExecutorService;

/**
 * Starts a job and runs its work in the background: the caller gets the queued job at once (for a
 * {@code 202 Accepted} with {@code Location: /api/v1/jobs/{id}}), the work runs on the server's
 * managed executor, and its outcome ends the job.
 */
@Stateless
public class JobRunner {

    private static final Logger LOG = Logger.getLogger(JobRunner.class.getName());

    @EJB
    private JobRepository jobs;

    @Resource
    private ManagedExecutorService executor;

    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    public Job submit(String kind, String target, JobWork work) {
        return submit(kind, target, List.of(), work);
    }

    /** As {@link #submit(String, String, JobWork)}, with the steps the work goes through, shown from the start. */
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    public Job submit(String kind, String target, List<String> steps, JobWork work) {
        Job job = jobs.start(kind, target, steps);
        JobId id = job.getId();
        executor.execute(() -> run(id, work));
        return job;
    }

    /**
     * Runs the rest of a suspended job's work: the job runs again at once (a {@code 409} when it is not
     * suspended), and the work may suspend it again.
     */
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    public Job resume(JobId id, JobWork rest) {
        Job job = jobs.resume(id);
        executor.execute(() -> work(id, rest));
        return job;
    }

    private void run(JobId id, JobWork work) {
        jobs.running(id);
        work(id, work);
    }

    private void work(JobId id, JobWork work) {
        String result;
        try {
            result = work.run(new JobContext() {
                @Override
                public JobId id() {
                    return id;
                }

                @Override
                public void progress(int percent) {
                    jobs.progress(id, percent);
                }

                @Override
                public void stepStarted(String step) {
                    jobs.stepStarted(id, step);
                }

                @Override
                public void stepEnded(String step, JobStepState outcome, String detail) {
                    jobs.stepEnded(id, step, outcome, detail);
                }
            });
        } catch (JobSuspension e) {
            jobs.suspend(id, e.getMessage());
            return;
        } catch (JobFailedException e) {
            jobs.fail(id, e.getMessage());
            return;
        } catch (Exception | Error e) {
            LOG.log(Level.WARNING, "Job " + id + " broke", e);
            jobs.fail(id, "internal error: " + e);
            return;
        }
        jobs.succeed(id, result);
    }
}
