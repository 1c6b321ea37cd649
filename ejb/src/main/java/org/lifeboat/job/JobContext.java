package org.lifeboat.job;

/** What a job's work sees of its job: its id, and a way to report progress. */
public interface JobContext {

    JobId id();

    /** Percent done, 0 to 100; never goes back. */
    void progress(int percent);

    /** One of the steps the job was started with begins. */
    void stepStarted(String step);

    /** The step ended: succeeded, failed (with the reason) or skipped (with why). */
    void stepEnded(String step, JobStepState outcome, String detail);
}
