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
import org.lifeboat.discovery.VcenterRepository;
import org.lifeboat.discovery.VcenterCertificates;
import org.lifeboat.discovery.VcenterDiscovery;
import org.lifeboat.shared.InvalidRequestException;

/**
 * {@code /api/v1/fabrics/{fabric}/vcenters}: add or update a vCenter (PUT, which starts a discovery
 * job), read it (never its password), list, remove, and discover on demand.
 */
@Tag(name = "vCenters", description = "vCenter servers of a fabric and their discovery")
@SecurityRequirement(name = LifeboatApi.BASIC)
@Path("fabrics/{fabric}/vcenters")
@Produces(MediaType.APPLICATION_JSON)
public class VcenterResource {

    @EJB
    private VcenterRepository catalog;

    @EJB
    private VcenterDiscovery discovery;

    @EJB
    private VcenterCertificates certificates;

    @Context
    private UriInfo uri;

    @GET
    @Operation(summary = "List the fabric's vCenters", description = "Never shows passwords.")
    @APIResponse(responseCode = "200", description = "The vCenters",
            content = @Content(schema = @Schema(type = SchemaType.ARRAY, implementation = VcenterDtos.VcenterDto.class)))
    @APIResponse(responseCode = "401", description = "No administrator login")
    public List<VcenterDtos.VcenterDto> list(@PathParam("fabric") String fabric) {
        return catalog.inFabric(fabric).stream().map(this::dto).toList();
    }

    @PUT
    @Path("{vcenter}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Add or change a vCenter and discover it", description = "Answers 202 with the discovery job in Location. The password is stored encrypted and never returned; left out on a change, the stored one is kept.")
    @APIResponse(responseCode = "202", description = "Discovery started",
            content = @Content(schema = @Schema(implementation = JobDto.class)))
    @APIResponse(responseCode = "400", description = "A field is invalid; nothing changed",
            content = @Content(schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "401", description = "No administrator login")
    @APIResponse(responseCode = "409", description = "Another vCenter has this host and port",
            content = @Content(schema = @Schema(implementation = ApiError.class)))
    public Response put(@PathParam("fabric") String fabric, @PathParam("vcenter") String name, VcenterDtos.Put body) {
        if (body == null) {
            throw new InvalidRequestException("body", "a JSON body with host, user and password is required");
        }
        catalog.put(fabric, name, body.toSpec());
        return JobResource.accepted(uri, discovery.discover(fabric, name));
    }

    @POST
    @Path("fetchCertificate")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Fetch the certificate a vCenter presents, to check before trusting it", description = "Body: "
            + "host and port (443 if left out). A TLS handshake that records the certificate and stops: nothing is "
            + "trusted, logged in to or stored. Check the fingerprint, subject, issuer and validity, then add the "
            + "vCenter with PUT and certificateFingerprint set to sha256Fingerprint.")
    @APIResponse(responseCode = "200", description = "The certificate presented",
            content = @Content(schema = @Schema(implementation = VcenterDtos.PresentedCertificateDto.class)))
    @APIResponse(responseCode = "400", description = "A bad host or port, a host that does not resolve or answer, "
            + "a refused connection, or an endpoint that does not speak TLS (field host or port)",
            content = @Content(schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "401", description = "No administrator login")
    public VcenterDtos.PresentedCertificateDto fetchCertificate(@PathParam("fabric") String fabric,
                                                               VcenterDtos.CertificateRequest body) {
        if (body == null) {
            throw new InvalidRequestException("body", "a JSON body with host (and port) is required");
        }
        return VcenterDtos.PresentedCertificateDto.of(certificates.presented(body.host(), body.port()));
    }

    @GET
    @Path("{vcenter}")
    @Operation(summary = "Read a vCenter and its last discovery")
    @APIResponse(responseCode = "200", description = "The vCenter",
            content = @Content(schema = @Schema(implementation = VcenterDtos.VcenterDto.class)))
    @APIResponse(responseCode = "401", description = "No administrator login")
    @APIResponse(responseCode = "404", description = "No such vCenter",
            content = @Content(schema = @Schema(implementation = ApiError.class)))
    public VcenterDtos.VcenterDto get(@PathParam("fabric") String fabric, @PathParam("vcenter") String name) {
        return dto(catalog.get(fabric, name));
    }

    @DELETE
    @Path("{vcenter}")
    @Operation(summary = "Remove a vCenter and its discovered inventory")
    @APIResponse(responseCode = "204", description = "Removed")
    @APIResponse(responseCode = "401", description = "No administrator login")
    @APIResponse(responseCode = "404", description = "No such vCenter",
            content = @Content(schema = @Schema(implementation = ApiError.class)))
    public Response delete(@PathParam("fabric") String fabric, @PathParam("vcenter") String name) {
        catalog.remove(fabric, name);
        return Response.noContent().build();
    }

    @POST
    @Path("{vcenter}/discover")
    @Operation(summary = "Discover a vCenter now", description = "Answers 202 with the discovery job in Location.")
    @APIResponse(responseCode = "202", description = "Discovery started",
            content = @Content(schema = @Schema(implementation = JobDto.class)))
    @APIResponse(responseCode = "401", description = "No administrator login")
    @APIResponse(responseCode = "404", description = "No such vCenter",
            content = @Content(schema = @Schema(implementation = ApiError.class)))
    public Response discover(@PathParam("fabric") String fabric, @PathParam("vcenter") String name) {
        return JobResource.accepted(uri, discovery.discover(fabric, name));
    }

    private VcenterDtos.VcenterDto dto(Vcenter vcenter) {
        return VcenterDtos.VcenterDto.of(vcenter, catalog.hosts(vcenter), catalog.vmCount(vcenter));
    }
}
