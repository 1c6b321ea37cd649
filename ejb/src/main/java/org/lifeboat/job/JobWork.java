package org.lifeboat.job;

/**
 * The work of a job, run on the managed executor outside any transaction. It returns the result
 * shown to the operator; it ends the job as failed by throwing ({@link JobFailedException} for a
 * reason meant for the operator).
 */
@FunctionalInterface
public interface JobWork {

    String run(JobContext job) throws Exception;
}
