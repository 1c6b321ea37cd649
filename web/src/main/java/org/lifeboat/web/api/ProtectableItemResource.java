package org.lifeboat.web.api;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import java.util.List;
import jakarta.ejb.EJB;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.lifeboat.protectableitem.ProtectableItems;

/** {@code GET /api/v1/protectableItems}: discovered VMs and registered agents, matched, with their protection. */
@Tag(name = "Protectable items", description = "Discovered VMs and registered agents that can be protected")
@SecurityRequirement(name = LifeboatApi.BASIC)
@Path("protectableItems")
@Produces(MediaType.APPLICATION_JSON)
public class ProtectableItemResource {

    @EJB
    private ProtectableItems items;

    @GET
    @Operation(summary = "List protectable items", description = "VMs from vCenter discovery (with the agent matched to each) and registered agents that match no VM.")
    @APIResponse(responseCode = "200", description = "The items",
            content = @Content(schema = @Schema(type = SchemaType.ARRAY, implementation = ProtectableItemDto.class)))
    @APIResponse(responseCode = "401", description = "No administrator login")
    public List<ProtectableItemDto> all() {
        return items.all().stream().map(ProtectableItemDto::of).toList();
    }
}
