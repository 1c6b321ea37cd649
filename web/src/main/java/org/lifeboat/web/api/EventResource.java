package org.lifeboat.web.api;

import java.util.List;
import java.util.Locale;
import jakarta.ejb.EJB;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.lifeboat.event.EventLog;
import org.lifeboat.event.Severity;
import org.lifeboat.shared.InvalidRequestException;

/**
 * {@code GET /api/v1/events}: what the vault recorded, newest first; filters {@code severity}
 * (INFO, WARNING, CRITICAL), {@code subject} (e.g. a protected item) and {@code active} (true: alerts
 * whose condition still holds).
 */
@Path("events")
public class EventResource {

    @EJB
    private EventLog events;

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public List<EventDto> newest(@QueryParam("max") @DefaultValue("100") @Min(1) @Max(1000) int max,
                                 @QueryParam("severity") String severity, @QueryParam("subject") String subject,
                                 @QueryParam("active") String active) {
        return events.find(severity(severity), subject == null || subject.isEmpty() ? null : subject, active(active),
                max).stream().map(EventDto::of).toList();
    }

    private static Severity severity(String value) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        try {
            return Severity.valueOf(value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException("severity", "severity must be INFO, WARNING or CRITICAL");
        }
    }

    private static Boolean active(String value) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "true" -> Boolean.TRUE;
            case "false" -> Boolean.FALSE;
            default -> throw new InvalidRequestException("active", "active must be true or false");
        };
    }
}
