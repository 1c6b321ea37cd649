package org.lifeboat.web.api;

import java.time.Instant;
import org.lifeboat.event.Event;

/** An event as the API shows it. */
public record EventDto(long id, Instant raisedAt, String severity, String source, String message) {

    static EventDto of(Event event) {
        return new EventDto(event.getId(), event.getRaisedAt(), event.getSeverity().name(), event.getSource(),
                event.getMessage());
    }
}
