package org.lifeboat.recoveryplan;

import java.time.Instant;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * The plan's run now (one at a time per plan): its job, what it was asked, and where it goes on when its
 * suspended job is resumed. A row whose job ended (or a server stopped while it ran) is stale and replaced.
 */
@Entity
@Table(name = "RECOVERY_PLAN_RUN")
public class PlanRun {

    @Id
    @Column(length = 64)
    private String planName;

    @Column(length = 36)
    private String jobId;

    @Column(nullable = false, length = 4000)
    private String request;

    /**
     * A failback's agents by item (PlanRequest#agentsJson), apart from the request: up to 100 items, two ids each,
     * do not fit its column (a new column, which an existing database gains at start, unlike a longer one).
     */
    @Column(name = "FAILBACK_AGENTS", length = 32000)
    private String failbackAgents;

    @Column(nullable = false)
    private Instant claimedAt;

    /** The stage the run goes on with when resumed. */
    private int resumeAt;

    protected PlanRun() {
        // for JPA
    }

    PlanRun(String planName, PlanRequest request) {
        this.planName = planName;
        this.request = request.toJson();
        this.failbackAgents = request.agentsJson();
        this.claimedAt = Instant.now();
    }

    Instant claimedAt() {
        return claimedAt;
    }

    void started(String job) {
        this.jobId = job;
    }

    void suspendedBefore(int stage) {
        this.resumeAt = stage;
    }

    String planName() {
        return planName;
    }

    String jobId() {
        return jobId;
    }

    PlanRequest request() {
        return PlanRequest.fromJson(request, failbackAgents);
    }

    int resumeAt() {
        return resumeAt;
    }
}
