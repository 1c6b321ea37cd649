package org.lifeboat.web.api;

import java.net.URI;
import java.util.List;
import jakarta.ejb.EJB;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.lifeboat.policy.PolicyRepository;
import org.lifeboat.policy.PolicyName;

/**
 * {@code /api/v1/replicationPolicies}: ASR's replication policies. A change applies to every item under
 * the policy without a restart: agents pull it with their configuration, timers read it each run.
 */
@Path("replicationPolicies")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Replication policies", description = "RPO threshold, recovery point retention, bookmark frequencies")
@SecurityRequirement(name = LifeboatApi.BASIC)
public class PolicyResource {

    @EJB
    private PolicyRepository policies;

    @GET
    @Operation(summary = "List the replication policies", description = "The default policy is always there.")
    @APIResponse(responseCode = "200", description = "Every policy, by name",
            content = @Content(schema = @Schema(type = SchemaType.ARRAY, implementation = PolicyDtos.Policy.class)))
    @APIResponse(responseCode = "401", description = "No administrator login")
    public List<PolicyDtos.Policy> all() {
        return policies.all().stream().map(PolicyDtos.Policy::of).toList();
    }

    @GET
    @Path("{policy}")
    @Operation(summary = "Read a replication policy")
    @APIResponse(responseCode = "200", description = "The policy",
            content = @Content(schema = @Schema(implementation = PolicyDtos.Policy.class)))
    @APIResponse(responseCode = "401", description = "No administrator login")
    @APIResponse(responseCode = "404", description = "No such policy",
            content = @Content(schema = @Schema(implementation = ApiError.class)))
    public PolicyDtos.Policy policy(@PathParam("policy") @Parameter(description = "the policy's name") String name) {
        return PolicyDtos.Policy.of(policies.get(name));
    }

    @PUT
    @Path("{policy}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Create or change a replication policy",
            description = "Replaces every setting; an omitted field takes its default. Items under the policy "
                    + "follow without a restart: agents at their next configuration pull (every minute), "
                    + "retention at its next run (every 5 minutes).")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = PolicyDtos.Settings.class)))
    @APIResponse(responseCode = "200", description = "Changed",
            content = @Content(schema = @Schema(implementation = PolicyDtos.Policy.class)))
    @APIResponse(responseCode = "201", description = "Created",
            content = @Content(schema = @Schema(implementation = PolicyDtos.Policy.class)))
    @APIResponse(responseCode = "400", description = "A field breaks its rule; nothing changed",
            content = @Content(schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "401", description = "No administrator login")
    public Response save(@PathParam("policy") @Parameter(description = "1 to 64 letters, digits, '.', '_' or '-'")
                         String name, String body) {
        PolicyName policyName = new PolicyName(name);
        PolicyRepository.Saved saved = policies.save(policyName, PolicyDtos.Settings.parse(JsonRequests.object(body),
                name));
        PolicyDtos.Policy policy = PolicyDtos.Policy.of(saved.policy());
        return saved.created() ? Response.created(URI.create("replicationPolicies/" + name)).entity(policy).build()
                : Response.ok(policy).build();
    }

    @DELETE
    @Path("{policy}")
    @Operation(summary = "Delete a replication policy")
    @APIResponse(responseCode = "204", description = "Deleted")
    @APIResponse(responseCode = "401", description = "No administrator login")
    @APIResponse(responseCode = "404", description = "No such policy",
            content = @Content(schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "409", description = "The default policy, or a policy protected items use",
            content = @Content(schema = @Schema(implementation = ApiError.class)))
    public Response delete(@PathParam("policy") @Parameter(description = "the policy's name") String name) {
        policies.delete(name);
        return Response.noContent().build();
    }
}
