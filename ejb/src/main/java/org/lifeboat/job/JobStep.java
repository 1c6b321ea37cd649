package org.lifeboat.job;

import java.time.Instant;
import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;

/**
 * One step of a job, as ASR shows them (prerequisites check, create failover disks, ...): its own
 * state, start and end, and what it did or why it failed.
 */
@Embeddable
public class JobStep {

    @Column(length = 128)
    private String name;

    @Enumerated(EnumType.STRING)
    @Column(length = 16)
    private JobStepState state;

    private Instant startedAt;

    private Instant endedAt;

    @Column(length = Job.MAX_TEXT)
    private String detail;

    protected JobStep() {
        // for JPA
    }

    JobStep(String name) {
        this.name = name;
        this.state = JobStepState.NOT_STARTED;
    }

    void start(Instant at) {
        state = JobStepState.IN_PROGRESS;
        startedAt = at;
    }

    void end(Instant at, JobStepState outcome, String text) {
        if (startedAt == null) {
            startedAt = at;
        }
        state = outcome;
        endedAt = at;
        detail = Job.clip(text);
    }

    public String getName() {
        return name;
    }

    public JobStepState getState() {
        return state;
    }

    public Instant getStartedAt() {
        return startedAt;
    }

    public Instant getEndedAt() {
        return endedAt;
    }

    /** What the step did, or why it failed. */
    public String getDetail() {
        return detail;
    }
}
