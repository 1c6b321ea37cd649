package org.lifeboat.web.api;

import java.util.List;
import jakarta.ejb.EJB;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.lifeboat.protectableitem.ProtectableItems;

/** {@code GET /api/v1/protectableItems}: discovered VMs and registered agents, matched, with their protection. */
@Path("protectableItems")
@Produces(MediaType.APPLICATION_JSON)
public class ProtectableItemResource {

    @EJB
    private ProtectableItems items;

    @GET
    public List<ProtectableItemDto> all() {
        return items.all().stream().map(ProtectableItemDto::of).toList();
    }
}
