package org.lifeboat.alert;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import org.lifeboat.event.Event;
import org.lifeboat.event.EventRepository;

/**
 * Keeps the open alerts (events with a condition and no clearing time) in line with the conditions that
 * hold: raises what is new, clears what ended, and re-raises an alert whose severity changed. Because
 * the open alerts live in the database, an alert is raised once, across restarts too.
 */
@Stateless
public class AlertRepository {

    static final String SOURCE = "alert";

    @EJB
    private EventRepository events;

    public List<AlertChange> reconcile(List<WantedAlert> wanted) {
        Map<String, WantedAlert> byKey = new LinkedHashMap<>();
        wanted.forEach(w -> byKey.putIfAbsent(w.key(), w));
        List<AlertChange> changes = new ArrayList<>();
        Map<String, Event> open = new LinkedHashMap<>();
        for (Event alert : events.activeAlerts()) {
            String key = alert.getAlertCondition() + "|" + alert.getSubject();
            WantedAlert still = byKey.get(key);
            if (still == null || still.severity() != alert.getSeverity() || open.containsKey(key)) {
                changes.add(AlertChange.of(AlertChange.Kind.CLEARED, events.clear(alert.getId())));
            } else {
                open.put(key, alert);
            }
        }
        for (WantedAlert alert : byKey.values()) {
            if (!open.containsKey(alert.key())) {
                Event raised = events.raise(alert.severity(), SOURCE, alert.subject(), alert.condition().name(),
                        alert.message());
                changes.add(AlertChange.of(AlertChange.Kind.RAISED, raised));
            }
        }
        return changes;
    }
}
