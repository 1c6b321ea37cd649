package org.lifeboat.web.api;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import java.util.List;
import jakarta.ejb.EJB;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.lifeboat.protectableitem.ProtectableItems;
import org.lifeboat.pushinstall.AgentInstallRepository;
import org.lifeboat.pushinstall.PushInstaller;
import org.lifeboat.shared.ItemNotFoundException;

/**
 * {@code /api/v1/protectableItems}: discovered VMs and registered agents, matched, with their protection; and the
 * push installation of the agent onto one of them over SSH.
 */
@Tag(name = "Protectable items", description = "Discovered VMs and registered agents that can be protected")
@SecurityRequirement(name = LifeboatApi.BASIC)
@Path("protectableItems")
@Produces(MediaType.APPLICATION_JSON)
public class ProtectableItemResource {

    @EJB
    private ProtectableItems items;

    @EJB
    private PushInstaller installer;

    @EJB
    private AgentInstallRepository installs;

    @Context
    private UriInfo uri;

    @GET
    @Operation(summary = "List protectable items", description = "VMs from vCenter discovery (with the agent matched to each) and registered agents that match no VM.")
    @APIResponse(responseCode = "200", description = "The items",
            content = @Content(schema = @Schema(type = SchemaType.ARRAY, implementation = ProtectableItemDto.class)))
    @APIResponse(responseCode = "401", description = "No administrator login")
    public List<ProtectableItemDto> all() {
        return items.all().stream().map(ProtectableItemDto::of).toList();
    }

    @POST
    @Path("{id: .+}/installAgent")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Push the mobility agent onto the machine over SSH",
            description = "A job: connect (the host key pinned, or pinned on first use), check the target (Linux, "
                    + "Java 17+), copy the agent, register it with a one-time token, install its systemd unit, start "
                    + "it, wait for its first heartbeat. The credentials are stored sealed and never returned.")
    @RequestBody(content = @Content(schema = @Schema(implementation = InstallAgentDtos.Request.class)))
    @APIResponse(responseCode = "202", description = "Started; Location is the job",
            content = @Content(schema = @Schema(implementation = JobDto.class)))
    @APIResponse(responseCode = "400", description = "A field breaks its rule (named); nothing is stored",
            content = @Content(schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "401", description = "No administrator login")
    @APIResponse(responseCode = "404", description = "No such protectable item",
            content = @Content(schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "409", description = "The item has a registered agent already",
            content = @Content(schema = @Schema(implementation = ApiError.class)))
    public Response installAgent(@PathParam("id") String id, String body) {
        return JobResource.accepted(uri, installer.start(id, InstallAgentDtos.Request.parse(body), uri.getBaseUri()));
    }

    @GET
    @Path("{id: .+}/installAgent")
    @Operation(summary = "The latest push installation onto the machine",
            description = "Where it was pushed, the pinned host key, the agent it registered and its job; no credentials.")
    @APIResponse(responseCode = "200", description = "The installation",
            content = @Content(schema = @Schema(implementation = InstallAgentDtos.Installation.class)))
    @APIResponse(responseCode = "401", description = "No administrator login")
    @APIResponse(responseCode = "404", description = "No installation onto this item",
            content = @Content(schema = @Schema(implementation = ApiError.class)))
    public InstallAgentDtos.Installation installation(@PathParam("id") String id) {
        return installs.latestOf(id).map(InstallAgentDtos.Installation::of)
                .orElseThrow(() -> new ItemNotFoundException("no push installation onto '" + id + "'"));
    }
}
