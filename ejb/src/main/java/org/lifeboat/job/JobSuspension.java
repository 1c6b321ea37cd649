package org.lifeboat.job;

/**
 * Thrown by a job's work to stop running and leave the job {@link JobState#SUSPENDED} with this description
 * (a recovery plan's manual action): the work's thread ends; {@link JobRunner#resume} starts the rest later.
 */
public class JobSuspension extends RuntimeException {

    public JobSuspension(String description) {
        super(description, null, false, false);
    }
}
