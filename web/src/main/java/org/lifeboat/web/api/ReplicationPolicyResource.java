package org.lifeboat.web.api;

import jakarta.ejb.EJB;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.lifeboat.policy.PolicyCatalog;
import org.lifeboat.shared.InvalidRequestException;

/**
 * {@code PUT /api/v1/replicationPolicies/{name}}: a deliberately minimal stand-in (issue 4, part C) so
 * that the RPO alert test can set a short threshold; the policy helper's full resource replaces it at
 * merge, with the same contract (201 created, 200 updated).
 */
@Path("replicationPolicies")
@Produces(MediaType.APPLICATION_JSON)
public class ReplicationPolicyResource {

    @EJB
    private PolicyCatalog policies;

    public record Policy(Integer rpoThresholdMinutes, Integer retentionHours, Integer appConsistentFrequencyHours,
                         Integer crashConsistentFrequencyMinutes) {
    }

    @PUT
    @Path("{name}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response put(@PathParam("name") String name, Policy body) {
        if (body == null || body.rpoThresholdMinutes() == null || body.retentionHours() == null) {
            throw new InvalidRequestException("body", "rpoThresholdMinutes and retentionHours are required");
        }
        boolean created = policies.put(name, body.rpoThresholdMinutes(), body.retentionHours(),
                body.appConsistentFrequencyHours() == null ? 0 : body.appConsistentFrequencyHours(),
                body.crashConsistentFrequencyMinutes() == null ? 5 : body.crashConsistentFrequencyMinutes());
        return Response.status(created ? Response.Status.CREATED : Response.Status.OK).entity(body).build();
    }
}
