package org.lifeboat.web.api;

import jakarta.ejb.EJB;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.lifeboat.bootverification.BootVerifier;

/**
 * {@code POST /api/v1/protectedItems/{item}/recoveryPoints/{point}/verifyBoot}: boots the point's disks in
 * an isolated QEMU and watches the serial console for a marker. The result shows on the point.
 */
@Path("protectedItems/{item}/recoveryPoints/{point}/verifyBoot")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Protected items")
@SecurityRequirement(name = LifeboatApi.BASIC)
public class BootVerificationResource {

    @EJB
    private BootVerifier verifier;

    @Context
    private UriInfo uri;

    @POST
    @Operation(summary = "Verify that a recovery point boots",
            description = "A job: the point's disks are downloaded, booted in QEMU (TCG, no network, copy-on-write "
                    + "so the point never changes) and the serial console is watched for the marker; a probe "
                    + "command, if given, is typed into the console and must exit 0. The outcome, duration and "
                    + "console tail are kept on the point (its bootVerification); a point that fails to boot raises "
                    + "a warning event and fails the job.")
    @RequestBody(required = false, content = @Content(schema = @Schema(implementation = BootVerificationDtos.Request.class)))
    @APIResponse(responseCode = "202", description = "Started; Location is the job",
            content = @Content(schema = @Schema(implementation = JobDto.class)))
    @APIResponse(responseCode = "400", description = "An invalid marker, probe, time limit or boot disk",
            content = @Content(schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "401", description = "No administrator login")
    @APIResponse(responseCode = "404", description = "No such item or point",
            content = @Content(schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "409", description = "QEMU is not installed, the disks do not fit in the local "
            + "scratch space, or a boot verification is already running",
            content = @Content(schema = @Schema(implementation = ApiError.class)))
    public Response verifyBoot(@PathParam("item") String item, @PathParam("point") String point, String body) {
        return JobResource.accepted(uri, verifier.start(item, point, BootVerificationDtos.Request.parse(body)));
    }
}
