package org.lifeboat.failover;

/** The item's drill, as ASR shows it ({@code testFailoverState}). */
public enum TestFailoverState {
    /** No drill, or its artifacts were cleaned up. */
    NONE,
    /** A test failover job runs. */
    IN_PROGRESS,
    /** The drill's disks and deployment exist and wait for {@code testFailoverCleanup}. */
    SUCCEEDED,
    /** A test failover failed and left artifacts it could not remove: {@code testFailoverCleanup} removes them. */
    FAILED,
    /** A cleanup job runs. */
    CLEANING_UP
}
