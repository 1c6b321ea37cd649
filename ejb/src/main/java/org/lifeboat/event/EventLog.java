package org.lifeboat.event;

import java.time.Instant;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import jakarta.ejb.Stateless;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

/** Records events and answers what happened, newest first. */
@Stateless
public class EventLog {

    private static final Logger LOG = Logger.getLogger(EventLog.class.getName());

    @PersistenceContext
    private EntityManager em;

    public Event record(Severity severity, String source, String message) {
        Event event = new Event(Instant.now(), severity, source, message);
        em.persist(event);
        LOG.log(severity == Severity.INFO ? Level.INFO : Level.WARNING, "[{0}] {1}", new Object[]{source, message});
        return event;
    }

    public List<Event> newest(int max) {
        return em.createNamedQuery(Event.NEWEST_FIRST, Event.class).setMaxResults(max).getResultList();
    }

    public long count() {
        return em.createNamedQuery(Event.COUNT, Long.class).getSingleResult();
    }
}
