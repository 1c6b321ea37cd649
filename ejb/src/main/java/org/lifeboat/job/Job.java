package org.lifeboat.job;

import java.time.Instant;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Index;
import jakarta.persistence.Table;

/** A long operation (a discovery, a resync, a failover ...): its progress and how it ended. */
@Entity
@Table(name = "JOB", indexes = @Index(name = "JOB_CREATED", columnList = "createdAt"))
public class Job {

    static final int MAX_TEXT = 2000;

    @Id
    @Column(length = 36)
    private String id;

    @Column(nullable = false, length = 64)
    private String kind;

    @Column(nullable = false, length = 255)
    private String target;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 16)
    private JobState state;

    private int progressPercent;

    @Column(nullable = false)
    private Instant createdAt;

    private Instant startedAt;

    private Instant endedAt;

    @Column(length = MAX_TEXT)
    private String result;

    @Column(length = MAX_TEXT)
    private String error;

    protected Job() {
        // for JPA
    }

    Job(JobId id, String kind, String target, Instant createdAt) {
        this.id = id.toString();
        this.kind = kind;
        this.target = target;
        this.state = JobState.QUEUED;
        this.createdAt = createdAt;
    }

    void run(Instant at) {
        if (state == JobState.QUEUED) {
            state = JobState.RUNNING;
            startedAt = at;
        }
    }

    void progress(int percent) {
        if (!state.isFinal()) {
            progressPercent = Math.max(progressPercent, Math.min(100, Math.max(0, percent)));
        }
    }

    void succeed(Instant at, String outcome) {
        end(at, JobState.SUCCEEDED);
        progressPercent = 100;
        result = clip(outcome);
    }

    void fail(Instant at, String reason) {
        end(at, JobState.FAILED);
        error = clip(reason == null || reason.isBlank() ? "failed without a reason" : reason);
    }

    private void end(Instant at, JobState finalState) {
        if (state.isFinal()) {
            throw new IllegalStateException("job " + id + " already ended " + state);
        }
        if (startedAt == null) {
            startedAt = at;
        }
        state = finalState;
        endedAt = at;
    }

    private static String clip(String text) {
        return text == null || text.length() <= MAX_TEXT ? text : text.substring(0, MAX_TEXT);
    }

    public JobId getId() {
        return JobId.parse(id).orElseThrow();
    }

    public String getKind() {
        return kind;
    }

    public String getTarget() {
        return target;
    }

    public JobState getState() {
        return state;
    }

    public int getProgressPercent() {
        return progressPercent;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }

    public Instant getStartedAt() {
        return startedAt;
    }

    public Instant getEndedAt() {
        return endedAt;
    }

    public String getResult() {
        return result;
    }

    public String getError() {
        return error;
    }
}
