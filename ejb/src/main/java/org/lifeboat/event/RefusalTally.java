package org.lifeboat.event;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

/**
 * Counts refused logins and registrations per address in memory and stores them every few seconds as
 * one event per address and window, with the count: a password-guessing burst must not turn into one
 * database row (and one log line) per attempt. The number of addresses tracked is bounded; beyond it
 * the rest are counted together.
 */
@Singleton
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
public class RefusalTally {

    static final int MAX_ADDRESSES = 1024;
    static final String OTHER_ADDRESSES = "other addresses";
    private static final Logger LOG = Logger.getLogger(RefusalTally.class.getName());
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

    @PersistenceContext
    private EntityManager em;

    private final Map<Key, Tally> tallies = new ConcurrentHashMap<>();

    private record Key(Refusal refusal, String address) {
    }

    /** One address's refusals: counted by the request threads, stored by the timer. */
    private static final class Tally {
        long checked;
        long throttled;
        long storedChecked;
        long storedThrottled;
        Long eventId;
        Instant windowStart;

        boolean pending() {
            return checked > 0 || throttled > 0;
        }
    }

    /**
     * Counts one refusal: {@code throttled} when it was answered without a check (429), otherwise the
     * credential or proof was checked and wrong.
     */
    public void refused(Refusal refusal, String address, boolean throttled) {
        Key key = new Key(refusal, address);
        if (!tallies.containsKey(key) && tallies.size() >= MAX_ADDRESSES) {
            key = new Key(refusal, OTHER_ADDRESSES);
        }
        tallies.compute(key, (k, tally) -> {
            Tally counted = tally == null ? new Tally() : tally;
            if (throttled) {
                counted.throttled++;
            } else {
                counted.checked++;
            }
            return counted;
        });
    }

    @Schedule(second = "*/5", minute = "*", hour = "*", persistent = false)
    synchronized void store() {
        Instant now = Instant.now();
        for (Key key : tallies.keySet()) {
            tallies.computeIfPresent(key, (k, tally) -> {
                boolean windowOver = tally.windowStart == null
                        || tally.windowStart.plus(EventSettings.REFUSAL_WINDOW).isBefore(now);
                if (!tally.pending()) {
                    return windowOver ? null : tally;
                }
                store(k, tally, now, windowOver);
                return tally;
            });
        }
    }

    private void store(Key key, Tally tally, Instant now, boolean windowOver) {
        Event event = windowOver || tally.eventId == null ? null : em.find(Event.class, tally.eventId);
        if (event == null) {
            tally.windowStart = now;
            tally.storedChecked = 0;
            tally.storedThrottled = 0;
        }
        tally.storedChecked += tally.checked;
        tally.storedThrottled += tally.throttled;
        tally.checked = 0;
        tally.throttled = 0;
        long total = tally.storedChecked + tally.storedThrottled;
        String message = key.refusal().what() + " refused " + total + (total == 1 ? " time" : " times") + " from "
                + key.address() + " since " + TIME.format(tally.windowStart) + ": " + tally.storedChecked + " "
                + key.refusal().failures() + ", " + tally.storedThrottled
                + " refused unchecked (429, or 503 while checks were busy)";
        if (event == null) {
            event = Event.counted(now, Severity.WARNING, "security", key.address(), message, total);
            em.persist(event);
            em.flush();
            tally.eventId = event.getId();
        } else {
            event.recount(total, message);
        }
        LOG.log(Level.WARNING, "[security] {0}", message);
    }
}
