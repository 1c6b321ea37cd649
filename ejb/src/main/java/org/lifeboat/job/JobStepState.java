package org.lifeboat.job;

/** Where a job's step is; a step that failed without failing its job (a source VM that did not shut down) says so. */
public enum JobStepState {
    NOT_STARTED, IN_PROGRESS, SUCCEEDED, FAILED, SKIPPED
}
