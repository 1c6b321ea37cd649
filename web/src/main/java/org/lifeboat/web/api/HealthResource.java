package org.lifeboat.web.api;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import jakarta.ejb.EJB;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.lifeboat.monitoring.HealthReport;
import org.lifeboat.monitoring.CachedHealth;

/**
 * {@code GET /api/v1/health}: open to load balancers and monitors without a login; answers from the
 * cached checks ({@link CachedHealth}), never calling Azure per request; 200 when every
 * part is up, 503 naming the failing parts otherwise.
 */
@Path("health")
@Tag(name = "Health", description = "Whether each part of Lifeboat is up")
public class HealthResource {

    @EJB
    private CachedHealth health;

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Check the database, storage, replication port and timers", description = "No login.")
    @APIResponse(responseCode = "200", description = "Every part is up",
            content = @Content(schema = @Schema(implementation = HealthDto.class)))
    @APIResponse(responseCode = "503", description = "Some part is down; failing names them",
            content = @Content(schema = @Schema(implementation = HealthDto.class)))
    public Response health() {
        HealthReport report = health.current();
        CacheControl noCache = new CacheControl();
        noCache.setNoStore(true);
        return Response.status(report.allUp() ? Response.Status.OK : Response.Status.SERVICE_UNAVAILABLE)
                .entity(HealthDto.of(report))
                .cacheControl(noCache)
                .build();
    }
}
