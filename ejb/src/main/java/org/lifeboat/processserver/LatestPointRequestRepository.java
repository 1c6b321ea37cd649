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

    /** PENDING to TAKING: whether this caller got it. */
    public boolean claim(String id) {
        return change(id, EnumSet.of(State.PENDING), State.TAKING, null, null);
    }

    /** The owner's answer; false when the asker gave up first. */
    public boolean answer(String id, String pointId) {
        return change(id, EnumSet.of(State.TAKING), State.TAKEN, pointId, null);
    }

    public boolean fail(String id, String error) {
        return change(id, EnumSet.of(State.TAKING), State.FAILED, null, error);
    }

    /** The asker gives up (timeout, owner silent): an owner that answers later changes nothing. */
    public boolean abandon(String id, String why) {
        return change(id, EnumSet.of(State.PENDING, State.TAKING), State.ABANDONED, null, why);
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
