package org.lifeboat.job;

/** Thrown by a job's work to end it as failed with this reason, shown to the operator as is. */
public class JobFailedException extends RuntimeException {

    public JobFailedException(String reason) {
        super(reason);
    }

    public JobFailedException(String reason, Throwable cause) {
        super(reason, cause);
    }
}
