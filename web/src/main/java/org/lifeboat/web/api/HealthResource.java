package org.lifeboat.web.api;

import jakarta.ejb.EJB;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.lifeboat.monitoring.HealthReport;
import org.lifeboat.monitoring.PlatformHealth;

/**
 * {@code GET /api/v1/health}: open to load balancers and monitors without a login; 200 when every
 * part is up, 503 naming the failing parts otherwise.
 */
@Path("health")
public class HealthResource {

    @EJB
    private PlatformHealth health;

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Response health() {
        HealthReport report = health.check();
        CacheControl noCache = new CacheControl();
        noCache.setNoStore(true);
        return Response.status(report.allUp() ? Response.Status.OK : Response.Status.SERVICE_UNAVAILABLE)
                .entity(HealthDto.of(report))
                .cacheControl(noCache)
                .build();
    }
}
