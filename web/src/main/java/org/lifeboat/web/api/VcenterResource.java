package org.lifeboat.web.api;

import java.util.List;
import jakarta.ejb.EJB;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.lifeboat.discovery.Vcenter;
import org.lifeboat.discovery.VcenterCatalog;
import org.lifeboat.discovery.VcenterDiscovery;
import org.lifeboat.shared.InvalidRequestException;

/**
 * {@code /api/v1/fabrics/{fabric}/vcenters}: add or update a vCenter (PUT, which starts a discovery
 * job), read it (never its password), list, remove, and discover on demand.
 */
@Path("fabrics/{fabric}/vcenters")
@Produces(MediaType.APPLICATION_JSON)
public class VcenterResource {

    @EJB
    private VcenterCatalog catalog;

    @EJB
    private VcenterDiscovery discovery;

    @Context
    private UriInfo uri;

    @GET
    public List<VcenterDtos.VcenterDto> list(@PathParam("fabric") String fabric) {
        return catalog.inFabric(fabric).stream().map(this::dto).toList();
    }

    @PUT
    @Path("{vcenter}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response put(@PathParam("fabric") String fabric, @PathParam("vcenter") String name, VcenterDtos.Put body) {
        if (body == null) {
            throw new InvalidRequestException("body", "a JSON body with host, user and password is required");
        }
        catalog.put(fabric, name, body.toSpec());
        return JobResource.accepted(uri, discovery.discover(fabric, name));
    }

    @GET
    @Path("{vcenter}")
    public VcenterDtos.VcenterDto get(@PathParam("fabric") String fabric, @PathParam("vcenter") String name) {
        return dto(catalog.get(fabric, name));
    }

    @DELETE
    @Path("{vcenter}")
    public Response delete(@PathParam("fabric") String fabric, @PathParam("vcenter") String name) {
        catalog.remove(fabric, name);
        return Response.noContent().build();
    }

    @POST
    @Path("{vcenter}/discover")
    public Response discover(@PathParam("fabric") String fabric, @PathParam("vcenter") String name) {
        return JobResource.accepted(uri, discovery.discover(fabric, name));
    }

    private VcenterDtos.VcenterDto dto(Vcenter vcenter) {
        return VcenterDtos.VcenterDto.of(vcenter, catalog.hosts(vcenter), catalog.vmCount(vcenter));
    }
}
