package org.lifeboat.alert;

import java.time.Instant;
import org.lifeboat.event.Event;

/** An alert that was just raised or cleared, as the notifications carry it (detached from JPA). */
public record AlertChange(Kind kind, long eventId, String condition, String subject, String severity,
                          String message, Instant raisedAt, Instant clearedAt) {

    public enum Kind {
        RAISED, CLEARED
    }

    static AlertChange of(Kind kind, Event event) {
        return new AlertChange(kind, event.getId(), event.getAlertCondition(), event.getSubject(),
                event.getSeverity().name(), event.getMessage(), event.getRaisedAt(), event.getClearedAt());
    }

    /** The JMX notification type, e.g. {@code lifeboat.alert.raised}. */
    public String notificationType() {
        return "lifeboat.alert." + kind.name().toLowerCase(java.util.Locale.ROOT);
    }

    public String summary() {
        return (kind == Kind.RAISED ? severity + " alert raised: " : "Alert cleared: ") + message;
    }
}
