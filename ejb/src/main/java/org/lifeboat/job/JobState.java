package org.lifeboat.job;

/**
 * Where a job is in its life; {@link #SUCCEEDED} and {@link #FAILED} are final. A {@link #SUSPENDED} job (a
 * recovery plan waiting for a manual action) has no work running: it waits, across restarts, to be resumed.
 */
public enum JobState {
    QUEUED, RUNNING, SUSPENDED, SUCCEEDED, FAILED;

    public boolean isFinal() {
        return this == SUCCEEDED || this == FAILED;
    }
}
