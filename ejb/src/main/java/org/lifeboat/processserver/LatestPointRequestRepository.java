package org.lifeboat.processserver;

import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import org.lifeboat.processserver.LatestPointRequest.State;

/**
 * {@link LatestPointRequest}s in the shared database. Every change commits on its own (REQUIRES_NEW): the asker and
 * the owner are different servers polling each other's rows, and state changes are conditional updates, so a request
 * is claimed once and an abandoned one is never answered.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
public class LatestPointRequestRepository {

    /** A bound on what one server picks up per round. */
    static final int PICK_UP_AT_MOST = 8;

    @PersistenceContext
    private EntityManager em;

    public String ask(String item, String processServer, long assignmentEpoch) {
        String id = UUID.randomUUID().toString();
        em.persist(new LatestPointRequest(id, item, processServer, assignmentEpoch, Instant.now()));
        return id;
    }

    public Optional<LatestPointRequest> find(String id) {
        return Optional.ofNullable(em.find(LatestPointRequest.class, id));
    }

    /** The oldest pending requests to {@code processServer}. */
    public List<String> pending(String processServer) {
        return em.createNamedQuery(LatestPointRequest.PENDING_FOR, String.class).setParameter("server", processServer)
                .setMaxResults(PICK_UP_AT_MOST).getResultList();
    }

    /** The oldest requests handed to applier {@code applier} near Azure and not claimed yet. */
    public List<String> handedTo(String applier) {
        return em.createNamedQuery(LatestPointRequest.HANDED_TO, String.class).setParameter("applier", applier)
                .setMaxResults(PICK_UP_AT_MOST).getResultList();
    }

    /** PENDING to TAKING: whether this caller got it. */
    public boolean claim(String id) {
        return change(id, EnumSet.of(State.PENDING), State.TAKING, null, null);
    }

    /** TAKING to HANDED, by the owner: what applier {@code applier} applies for the point; false when abandoned. */
    public boolean handOver(String id, String applier, LatestTargets targets) {
        LatestPointRequest request = em.find(LatestPointRequest.class, id, LockModeType.PESSIMISTIC_WRITE);
        if (request == null || request.getState() != State.TAKING) {
            return false;
        }
        request.handOver(applier, targets, Instant.now());
        return true;
    }

    /** HANDED to APPLYING, by the applier it was handed to: whether this caller got it. */
    public boolean claimHanded(String id) {
        return change(id, EnumSet.of(State.HANDED), State.APPLYING, null, null);
    }

    /** The owner's or its applier's answer; false when the asker gave up first. */
    public boolean answer(String id, String pointId) {
        return change(id, EnumSet.of(State.TAKING, State.APPLYING), State.TAKEN, pointId, null);
    }

    public boolean fail(String id, String error) {
        return change(id, EnumSet.of(State.TAKING, State.HANDED, State.APPLYING), State.FAILED, null, error);
    }

    /** The asker gives up (timeout, owner or applier silent): an answer later changes nothing. */
    public boolean abandon(String id, String why) {
        return change(id, EnumSet.of(State.PENDING, State.TAKING, State.HANDED, State.APPLYING), State.ABANDONED, null,
                why);
    }

    /** Whether the asker still waits for it: a taker stops once it does not. */
    public boolean stillAsked(String id) {
        return find(id).map(r -> r.getState() == State.TAKING || r.getState() == State.APPLYING).orElse(false);
    }

    /** Under the row's lock: of two servers changing it at once, the second sees the first's state. */
    private boolean change(String id, Set<State> from, State to, String pointId, String error) {
        LatestPointRequest request = em.find(LatestPointRequest.class, id, LockModeType.PESSIMISTIC_WRITE);
        if (request == null || !from.contains(request.getState())) {
            return false;
        }
        request.change(to, pointId, error == null || error.length() <= 1000 ? error : error.substring(0, 1000),
                Instant.now());
        return true;
    }
}
