package org.lifeboat.web.api;

import java.time.Instant;
import org.lifeboat.event.Event;

/**
 * An event as the API shows it. Alerts also carry the condition that raised them, what they concern
 * ({@code subject}), when the condition ended ({@code clearedAt}) and whether it still holds. {@code count}
 * is how many occurrences the event stands for: refusals from one address are counted into one event.
 */
public record EventDto(long id, Instant raisedAt, String severity, String source, String subject,
                       String condition, Instant clearedAt, boolean active, String message, long count,
                       Instant acknowledgedAt, String acknowledgedBy) {

    public static EventDto of(Event event) {
        return new EventDto(event.getId(), event.getRaisedAt(), event.getSeverity().name(), event.getSource(),
                event.getSubject(), event.getAlertCondition(), event.getClearedAt(), event.isActive(),
                event.getMessage(), event.getCount(), event.getAcknowledgedAt(), event.getAcknowledgedBy());
    }
}
