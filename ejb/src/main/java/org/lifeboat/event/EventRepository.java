package org.lifeboat.event;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import jakarta.persistence.TypedQuery;
import java.util.logging.Level;
import java.util.logging.Logger;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import org.lifeboat.shared.ItemNotFoundException;

/** Records events and answers what happened, newest first. */
@Stateless
public class EventRepository {

    private static final Logger LOG = Logger.getLogger(EventRepository.class.getName());

    @PersistenceContext
    private EntityManager em;

    public Event record(Severity severity, String source, String message) {
        return recordAbout(severity, source, null, message);
    }

    /**
     * Records a plain event (not an alert) about {@code subject}, e.g. a protected item's name: what happened to
     * the item is then found with its alerts, by {@code GET /events?subject=ITEM} and on the item's page.
     */
    public Event recordAbout(Severity severity, String source, String subject, String message) {
        Event event = new Event(Instant.now(), severity, source, message);
        event.about(subject);
        em.persist(event);
        LOG.log(severity == Severity.INFO ? Level.INFO : Level.WARNING, "[{0}] {1}", new Object[]{source, message});
        return event;
    }

    /**
     * The same, in a transaction of its own: the event stays when the caller's transaction rolls back, as it does
     * when the caller then refuses the request (a process server's registration with another certificate).
     */
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public Event recordAboutRegardless(Severity severity, String source, String subject, String message) {
        return recordAbout(severity, source, subject, message);
    }

    public List<Event> newest(int max) {
        return em.createNamedQuery(Event.NEWEST_FIRST, Event.class).setMaxResults(max).getResultList();
    }

    public long count() {
        return em.createNamedQuery(Event.COUNT, Long.class).getSingleResult();
    }

    /** Raises an alert: an event about a subject, open until {@link #clear(long)}. */
    public Event raise(Severity severity, String source, String subject, String condition, String message) {
        Event event = new Event(Instant.now(), severity, source, subject, condition, message);
        em.persist(event);
        em.flush(); // the notifications carry its id
        LOG.log(severity == Severity.INFO ? Level.INFO : Level.WARNING, "[{0}] alert raised on {1}: {2}",
                new Object[]{source, subject, message});
        return event;
    }

    /** Marks an alert's condition as ended; clearing it again changes nothing. */
    public Event clear(long eventId) {
        Event event = em.find(Event.class, eventId);
        if (event != null && event.getClearedAt() == null) {
            event.cleared(Instant.now());
            LOG.log(Level.INFO, "[{0}] alert cleared on {1}: {2}",
                    new Object[]{event.getSource(), event.getSubject(), event.getMessage()});
        }
        return event;
    }

    /**
     * Acknowledges an open alert for {@code who}: kept with the alert, which stays open (and listed as
     * acknowledged) until its condition ends; a later alert of the same condition is a new, unacknowledged one.
     *
     * @throws ItemNotFoundException if there is no such event
     * @throws org.lifeboat.shared.ConflictException if it is a plain event or a cleared alert
     */
    public Event acknowledge(long eventId, String who) {
        Event event = em.find(Event.class, eventId);
        if (event == null) {
            throw new ItemNotFoundException("no event " + eventId);
        }
        event.acknowledge(Instant.now(), who);
        LOG.log(Level.INFO, "[{0}] alert {1} on {2} acknowledged by {3}",
                new Object[]{event.getSource(), eventId, event.getSubject(), event.getAcknowledgedBy()});
        return event;
    }

    /**
     * Deletes events raised before {@code olderThan}, then all but the newest {@code keep}; active alerts
     * are never deleted (nor counted against {@code keep}). Returns how many were deleted.
     */
    public long prune(Instant olderThan, int keep) {
        String prunable = "(e.alertCondition IS NULL OR e.clearedAt IS NOT NULL)";
        int byAge = em.createQuery("DELETE FROM Event e WHERE e.raisedAt < :cutoff AND " + prunable)
                .setParameter("cutoff", olderThan).executeUpdate();
        List<Long> newestBeyond = em.createQuery("SELECT e.id FROM Event e WHERE " + prunable
                + " ORDER BY e.id DESC", Long.class).setFirstResult(keep).setMaxResults(1).getResultList();
        int byCount = newestBeyond.isEmpty() ? 0 : em.createQuery("DELETE FROM Event e WHERE e.id <= :id AND "
                + prunable).setParameter("id", newestBeyond.get(0)).executeUpdate();
        if (byAge + byCount > 0) {
            LOG.log(Level.INFO, "Pruned {0} event(s) raised before {1} and {2} beyond the newest {3}",
                    new Object[]{byAge, olderThan, byCount, keep});
        }
        return byAge + byCount;
    }

    public List<Event> activeAlerts() {
        return em.createNamedQuery(Event.ACTIVE_ALERTS, Event.class).getResultList();
    }

    /**
     * Newest first, each filter optional: by severity, by subject, and active (true: alerts still
     * open; false: everything else, plain events and cleared alerts).
     */
    public List<Event> find(Severity severity, String subject, Boolean active, int max) {
        StringBuilder jpql = new StringBuilder("SELECT e FROM Event e WHERE 1 = 1");
        if (severity != null) {
            jpql.append(" AND e.severity = :severity");
        }
        if (subject != null) {
            jpql.append(" AND e.subject = :subject");
        }
        if (Boolean.TRUE.equals(active)) {
            jpql.append(" AND e.alertCondition IS NOT NULL AND e.clearedAt IS NULL");
        } else if (Boolean.FALSE.equals(active)) {
            jpql.append(" AND (e.alertCondition IS NULL OR e.clearedAt IS NOT NULL)");
        }
        jpql.append(" ORDER BY e.raisedAt DESC, e.id DESC");
        TypedQuery<Event> query = em.createQuery(jpql.toString(), Event.class);
        if (severity != null) {
            query.setParameter("severity", severity);
        }
        if (subject != null) {
            query.setParameter("subject", subject);
        }
        return new ArrayList<>(query.setMaxResults(max).getResultList());
    }
}
