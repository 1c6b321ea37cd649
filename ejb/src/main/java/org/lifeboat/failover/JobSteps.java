package org.lifeboat.failover;

import org.lifeboat.job.JobContext;
import org.lifeboat.job.JobStepState;

/** Runs a job's steps one by one, each recorded with its times and what it did, or why it failed. */
final class JobSteps {

    @FunctionalInterface
    interface StepWork {
        /** @return what the step did, in a line for the operator */
        String run() throws Exception;
    }

    private final JobContext job;

    JobSteps(JobContext job) {
        this.job = job;
    }

    String run(String step, StepWork work) throws Exception {
        job.stepStarted(step);
        try {
            String detail = work.run();
            job.stepEnded(step, JobStepState.SUCCEEDED, detail);
            return detail;
        } catch (Exception | Error e) {
            job.stepEnded(step, JobStepState.FAILED, reason(e));
            throw e;
        }
    }

    /** A step that failed without failing the job (as ASR goes on when the source does not shut down). */
    void failedButGoOn(String step, String reason) {
        job.stepStarted(step);
        job.stepEnded(step, JobStepState.FAILED, reason);
    }

    void skip(String step, String why) {
        job.stepEnded(step, JobStepState.SKIPPED, why);
    }

    void progress(int percent) {
        job.progress(percent);
    }

    /** The failure's own words: what an EJB call wrapped (an EJBException) is unwrapped first. */
    static String reason(Throwable e) {
        Throwable cause = e;
        while (cause instanceof jakarta.ejb.EJBException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
    }
}
