package org.lifeboat.web.api;

import java.util.List;
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

/** {@code GET /api/v1/events}: what the vault recorded, newest first. */
@Path("events")
public class EventResource {

    @EJB
    private EventLog events;

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public List<EventDto> newest(@QueryParam("max") @DefaultValue("100") @Min(1) @Max(1000) int max) {
        return events.newest(max).stream().map(EventDto::of).toList();
    }
}
