package org.lifeboat.web.api;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import java.util.List;
import java.util.Locale;
import jakarta.ejb.EJB;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.lifeboat.event.EventRepository;
import org.lifeboat.event.Severity;
import org.lifeboat.shared.InvalidRequestException;

/**
 * {@code GET /api/v1/events}: what the vault recorded, newest first; filters {@code severity}
 * (INFO, WARNING, CRITICAL), {@code subject} (e.g. a protected item) and {@code active} (true: alerts
 * whose condition still holds).
 */
@Path("events")
@Tag(name = "Events", description = "What the vault recorded")
@SecurityRequirement(name = LifeboatApi.BASIC)
public class EventResource {

    @EJB
    private EventRepository events;

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "List events, newest first",
            description = "Filters: severity (INFO, WARNING, CRITICAL), subject (e.g. a protected item), active "
                    + "(true: alerts whose condition still holds); max 1 to 1000, default 100.")
    @APIResponse(responseCode = "200", description = "The events",
            content = @Content(schema = @Schema(type = SchemaType.ARRAY, implementation = EventDto.class)))
    @APIResponse(responseCode = "400", description = "A filter is invalid",
            content = @Content(schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "401", description = "No administrator login")
    // max checked here, not with @Min/@Max: Payara's OpenAPI generator fails on those for a query parameter
    public List<EventDto> newest(@QueryParam("max") @DefaultValue("100")
                                 @Parameter(description = "how many events, at most",
                                         schema = @Schema(minimum = "1", maximum = "1000")) int max,
                                 @QueryParam("severity") String severity, @QueryParam("subject") String subject,
                                 @QueryParam("active") String active) {
        if (max < 1 || max > 1000) {
            throw new InvalidRequestException("max", "max must be between 1 and 1000, not " + max);
        }
        return events.find(severity(severity), subject == null || subject.isEmpty() ? null : subject, active(active),
                max).stream().map(EventDto::of).toList();
    }

    @POST
    @Path("{id}/acknowledge")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Acknowledge an open alert", description = "Records who acknowledged it and when "
            + "(acknowledgedAt, acknowledgedBy); the alert stays open, listed as acknowledged, until its condition "
            + "ends. Acknowledging it again changes nothing. No body.")
    @APIResponse(responseCode = "200", description = "The alert, acknowledged",
            content = @Content(schema = @Schema(implementation = EventDto.class)))
    @APIResponse(responseCode = "401", description = "No administrator login")
    @APIResponse(responseCode = "404", description = "No such event",
            content = @Content(schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "409", description = "A plain event, or an alert whose condition has ended",
            content = @Content(schema = @Schema(implementation = ApiError.class)))
    public EventDto acknowledge(@PathParam("id") long id, @Context SecurityContext security) {
        return EventDto.of(events.acknowledge(id, security.getUserPrincipal() == null ? null
                : security.getUserPrincipal().getName()));
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
