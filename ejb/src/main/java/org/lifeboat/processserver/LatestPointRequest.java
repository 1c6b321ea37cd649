package org.lifeboat.processserver;

import java.time.Instant;
import java.util.Optional;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;

/**
 * A Latest recovery point the configuration server asked of the scale-out process server that owns an item: the
 * owner's applier applies what its journal acknowledged for the item's disks, snapshots them and answers with the
 * point's id (or an error). When an applier near Azure applies the owner's items, the owner uploads what it holds of
 * the item's disks to the {@code cache} container, records how far per disk ({@link LatestTargets}) and hands the
 * request to that applier, which applies that far, snapshots and answers. The database carries it because nothing else reaches every process server safely: no
 * data grid, no cross-instance EJB timer, and their HTTP ports are 127.0.0.1 only (docs/scale-out.md).
 */
@Entity
@Table(name = "LATEST_POINT_REQUEST")
@NamedQuery(name = LatestPointRequest.PENDING_FOR, query = "SELECT r.id FROM LatestPointRequest r "
        + "WHERE r.processServer = :server AND r.state = org.lifeboat.processserver.LatestPointRequest.State.PENDING "
        + "ORDER BY r.requestedAt")
@NamedQuery(name = LatestPointRequest.HANDED_TO, query = "SELECT r.id FROM LatestPointRequest r "
        + "WHERE r.applier = :applier AND r.state = org.lifeboat.processserver.LatestPointRequest.State.HANDED "
        + "ORDER BY r.requestedAt")
public class LatestPointRequest {

    static final String PENDING_FOR = "LatestPointRequest.pendingFor";
    static final String HANDED_TO = "LatestPointRequest.handedTo";

    /**
     * PENDING until the owner claims it (TAKING); then TAKEN or FAILED by the owner, or, when an applier near Azure
     * applies its items, HANDED to that applier, which claims it (APPLYING) and makes it TAKEN or FAILED. ABANDONED by
     * the asker, from any state before the answer.
     */
    public enum State { PENDING, TAKING, HANDED, APPLYING, TAKEN, FAILED, ABANDONED }

    @Id
    @Column(length = 36)
    private String id;

    @Column(nullable = false, length = 64)
    private String item;

    @Column(nullable = false, length = 64)
    private String processServer;

    /** The item's assignment epoch when asked: an owner that no longer holds it refuses. */
    private long assignmentEpoch;

    @Column(nullable = false)
    private Instant requestedAt;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 16)
    private State state;

    @Column(length = 36)
    private String pointId;

    @Column(length = 1000)
    private String error;

    /** The applier near Azure the owner handed it to; null while the owner takes it or takes it itself. */
    @Column(length = 64)
    private String applier;

    /** {@link LatestTargets#text()}: how far the applier applies each disk before its snapshot. */
    @Column(length = LatestTargets.MAX_TEXT)
    private String diskSequences;

    private Instant answeredAt;

    protected LatestPointRequest() {
        // for JPA
    }

    LatestPointRequest(String id, String item, String processServer, long assignmentEpoch, Instant requestedAt) {
        this.id = id;
        this.item = item;
        this.processServer = processServer;
        this.assignmentEpoch = assignmentEpoch;
        this.requestedAt = requestedAt;
        this.state = State.PENDING;
    }

    void change(State to, String point, String why, Instant at) {
        state = to;
        pointId = point;
        error = why;
        answeredAt = at;
    }

    void handOver(String toApplier, LatestTargets targets, Instant at) {
        state = State.HANDED;
        applier = toApplier;
        diskSequences = targets.text();
        answeredAt = at;
    }

    public String getId() {
        return id;
    }

    public String getItem() {
        return item;
    }

    public String getProcessServer() {
        return processServer;
    }

    public long getAssignmentEpoch() {
        return assignmentEpoch;
    }

    public Instant getRequestedAt() {
        return requestedAt;
    }

    public State getState() {
        return state;
    }

    public String getPointId() {
        return pointId;
    }

    public String getError() {
        return error;
    }

    public String getApplier() {
        return applier;
    }

    /** How far the applier applies each disk; empty until the owner handed it over. */
    public Optional<LatestTargets> getTargets() {
        return Optional.ofNullable(diskSequences).map(LatestTargets::parse);
    }

    public Instant getAnsweredAt() {
        return answeredAt;
    }
}
