package org.lifeboat.job;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.Index;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.OrderColumn;
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

    /** Why a suspended job waits (WaitingForManualAction: the action's text); none otherwise. */
    @Column(length = MAX_TEXT)
    private String description;

    /** The job's steps in order, named when it starts; most kinds of job have none. */
    @ElementCollection(fetch = FetchType.EAGER)
    @CollectionTable(name = "JOB_STEP", joinColumns = @JoinColumn(name = "JOB_ID"))
    @OrderColumn(name = "POSITION")
    private List<JobStep> steps = new ArrayList<>();

    protected Job() {
        // for JPA
    }

    Job(JobId id, String kind, String target, Instant createdAt) {
        this(id, kind, target, createdAt, List.of());
    }

    Job(JobId id, String kind, String target, Instant createdAt, List<String> stepNames) {
        this.id = id.toString();
        this.kind = kind;
        this.target = target;
        this.state = JobState.QUEUED;
        this.createdAt = createdAt;
        stepNames.forEach(name -> steps.add(new JobStep(name)));
    }

    void stepStarted(String name, Instant at) {
        step(name).start(at);
    }

    void stepEnded(String name, Instant at, JobStepState outcome, String detail) {
        step(name).end(at, outcome, detail);
    }

    private JobStep step(String name) {
        return steps.stream().filter(s -> s.getName().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("job " + id + " has no step '" + name + "'"));
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

    void suspend(String why) {
        if (state != JobState.RUNNING) {
            throw new IllegalStateException("job " + id + " is " + state + ", only a running job can be suspended");
        }
        state = JobState.SUSPENDED;
        description = clip(why);
    }

    /** @return whether the job was suspended and now runs again */
    boolean resume() {
        if (state != JobState.SUSPENDED) {
            return false;
        }
        state = JobState.RUNNING;
        description = null;
        return true;
    }

    void succeed(Instant at, String outcome) {
        end(at, JobState.SUCCEEDED);
        progressPercent = 100;
        result = clip(outcome);
    }

    void fail(Instant at, String reason) {
        end(at, JobState.FAILED);
        // a step the work never ended ended with the job
        steps.stream().filter(s -> s.getState() == JobStepState.IN_PROGRESS)
                .forEach(s -> s.end(at, JobStepState.FAILED, reason));
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
        description = null;
    }

    static String clip(String text) {
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

    public String getDescription() {
        return description;
    }

    public List<JobStep> getSteps() {
        return steps;
    }
}
