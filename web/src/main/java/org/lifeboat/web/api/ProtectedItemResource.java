package org.lifeboat.web.api;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import java.io.InputStream;
import java.util.List;
import jakarta.ejb.EJB;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import org.lifeboat.protectableitem.ProtectableItems;
import org.lifeboat.scaleout.ProcessServerAssignments;
import org.lifeboat.shared.InvalidRequestException;
import org.lifeboat.shared.ItemNotFoundException;
import org.lifeboat.protecteditem.ProtectedDisk;
import org.lifeboat.protecteditem.ProtectedItem;
import org.lifeboat.protecteditem.ReplicationEnabler;
import org.lifeboat.protecteditem.SeedBlobStore;
import org.lifeboat.recoverypoint.RecoveryPoint;
import org.lifeboat.recoverypoint.PendingDeletions;
import org.lifeboat.recoverypoint.RecoveryPointRepository;
import org.lifeboat.resync.ResyncStarter;

/**
 * {@code /api/v1/protectedItems}: enable (PUT), status (GET) and disable (DELETE) replication, the
 * item's recovery points, and each point's raw disk images, streamed with HTTP Range support.
 */
@Path("protectedItems")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Protected items", description = "Replication of a machine's disks, its status and recovery points")
@SecurityRequirement(name = LifeboatApi.BASIC)
public class ProtectedItemResource {

    @EJB
    private ReplicationEnabler replication;

    @EJB
    private ProtectableItems protectableItems;

    @EJB
    private RecoveryPointRepository recoveryPoints;

    @EJB
    private PendingDeletions deletions;

    @Inject
    private SeedBlobStore seeds;

    @Inject
    private ProtectedItemViews views;

    @EJB
    private ResyncStarter resyncs;

    @EJB
    private ProcessServerAssignments assignments;

    @Context
    private UriInfo uri;

    @GET
    @Operation(summary = "List the protected items with their status")
    @APIResponse(responseCode = "200", description = "The items",
            content = @Content(schema = @Schema(type = SchemaType.ARRAY,
                    implementation = ProtectedItemDtos.Item.class)))
    @APIResponse(responseCode = "401", description = "No administrator login")
    public List<ProtectedItemDtos.Item> all() {
        return views.all();
    }

    @PUT
    @Path("{name}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Enable replication of a registered agent's disks under a policy",
            description = "The body names the agent (agentId) or its protectable item (protectableItemId, a "
                    + "discovered VM the agent was matched to). Enabling the same agent under the same name again "
                    + "changes nothing, except that naming another policy moves the item to it.")
    @APIResponse(responseCode = "200", description = "Enabled",
            content = @Content(schema = @Schema(implementation = ProtectedItemDtos.Item.class)))
    @APIResponse(responseCode = "400", description = "Invalid name, unknown agent, protectable item or policy, "
            + "or a protectable item without a registered agent",
            content = @Content(schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "401", description = "No administrator login")
    @APIResponse(responseCode = "409", description = "The name or the agent is protected already",
            content = @Content(schema = @Schema(implementation = ApiError.class)))
    public Response enable(@PathParam("name") String name, ProtectedItemDtos.Enable request) {
        if (request == null) {
            throw new InvalidRequestException("body", "a JSON body naming the agent is required");
        }
        String agentId = request.agentId();
        if ((agentId == null || agentId.isBlank()) && request.protectableItemId() != null) {
            agentId = protectableItems.agentOf(request.protectableItemId());
        }
        ProtectedItem item = replication.enable(name, agentId, request.policy());
        return Response.ok(views.of(item)).build();
    }

    @GET
    @Path("{name}")
    @Operation(summary = "A protected item's status: state, RPO, initial replication, disks, latest point")
    @APIResponse(responseCode = "200", description = "The item",
            content = @Content(schema = @Schema(implementation = ProtectedItemDtos.Item.class)))
    @APIResponse(responseCode = "401", description = "No administrator login")
    @APIResponse(responseCode = "404", description = "No such item",
            content = @Content(schema = @Schema(implementation = ApiError.class)))
    public ProtectedItemDtos.Item item(@PathParam("name") String name) {
        return views.item(name);
    }

    @DELETE
    @Path("{name}")
    @Operation(summary = "Disable replication", description = "Removes the item and its recovery points at once; "
            + "its seed disks are deleted in Azure Storage right after, or, while Azure Storage cannot be reached, "
            + "as soon as it can.")
    @APIResponse(responseCode = "204", description = "Disabled")
    @APIResponse(responseCode = "401", description = "No administrator login")
    @APIResponse(responseCode = "409", description = "A failover is not committed or cancelled, a drill is not "
            + "cleaned up, or a failover job runs (the reason says which)",
            content = @Content(schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "404", description = "No such item",
            content = @Content(schema = @Schema(implementation = ApiError.class)))
    public Response disable(@PathParam("name") String name) {
        replication.disable(name);
        deletions.finishSoon(); // the seed blobs go once the item's removal has committed
        return Response.noContent().build();
    }

    @POST
    @Path("{name}/resync")
    @Operation(summary = "Resynchronize the item's disks with their seed disks",
            description = "A job: the agent compares each disk block by block with checksums of its seed disk and "
                    + "sends again only the blocks that differ. The job's result gives, per disk, the blocks "
                    + "compared and the blocks that differed.")
    @APIResponse(responseCode = "202", description = "Started; Location is the job",
            content = @Content(schema = @Schema(implementation = JobDto.class)))
    @APIResponse(responseCode = "401", description = "No administrator login")
    @APIResponse(responseCode = "404", description = "No such item",
            content = @Content(schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "409", description = "A resync of the item is running, or it is still in initial "
            + "replication", content = @Content(schema = @Schema(implementation = ApiError.class)))
    public Response resync(@PathParam("name") String name) {
        return JobResource.accepted(uri, resyncs.start(name));
    }

    @POST
    @Path("{name}/switchProcessServer")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Switch the item to another process server",
            description = "ASR's switch: the item's fencing epoch moves on, its agent reconnects to the target at "
                    + "its next configuration pull, the old process server's log applier stops applying its disks "
                    + "and the target's applies what remains, including what the old one uploaded.")
    @APIResponse(responseCode = "200", description = "Switched",
            content = @Content(schema = @Schema(implementation = ProtectedItemDtos.Switched.class)))
    @APIResponse(responseCode = "400", description = "No processServer in the body",
            content = @Content(schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "401", description = "No administrator login")
    @APIResponse(responseCode = "404", description = "No such item or process server",
            content = @Content(schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "409", description = "The item is on the target already, or the target is not "
            + "heartbeating", content = @Content(schema = @Schema(implementation = ApiError.class)))
    public ProtectedItemDtos.Switched switchProcessServer(@PathParam("name") String name,
                                                          ProtectedItemDtos.SwitchProcessServer request) {
        return ProtectedItemDtos.Switched.of(assignments.switchItem(name, ProcessServerResource.target(request)));
    }

    @GET
    @Path("{name}/recoveryPoints")
    @Operation(summary = "List an item's recovery points, newest first (by source time)")
    @APIResponse(responseCode = "200", description = "The points",
            content = @Content(schema = @Schema(type = SchemaType.ARRAY,
                    implementation = ProtectedItemDtos.Point.class)))
    @APIResponse(responseCode = "401", description = "No administrator login")
    @APIResponse(responseCode = "404", description = "No such item",
            content = @Content(schema = @Schema(implementation = ApiError.class)))
    public List<ProtectedItemDtos.Point> points(@PathParam("name") String name) {
        return views.points(name);
    }

    @GET
    @Path("{name}/recoveryPoints/{point}")
    @Operation(summary = "Read a recovery point")
    @APIResponse(responseCode = "200", description = "The point",
            content = @Content(schema = @Schema(implementation = ProtectedItemDtos.Point.class)))
    @APIResponse(responseCode = "401", description = "No administrator login")
    @APIResponse(responseCode = "404", description = "No such item or point",
            content = @Content(schema = @Schema(implementation = ApiError.class)))
    public ProtectedItemDtos.Point point(@PathParam("name") String name, @PathParam("point") String pointId) {
        return ProtectedItemDtos.Point.of(recoveryPoints.find(name, pointId));
    }

    /** The disk's raw image at the point (no VHD footer): restore a single disk anywhere with it. */
    @GET
    @Path("{name}/recoveryPoints/{point}/disks/{disk}/image")
    @Produces(MediaType.APPLICATION_OCTET_STREAM)
    @Operation(summary = "Stream a disk's raw image at a recovery point", description = "HTTP Range works.")
    @APIResponse(responseCode = "200", description = "The whole image")
    @APIResponse(responseCode = "206", description = "The requested range")
    @APIResponse(responseCode = "401", description = "No administrator login")
    @APIResponse(responseCode = "404", description = "No such item, point or disk",
            content = @Content(schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "416", description = "A range outside the disk")
    public Response image(@PathParam("name") String name, @PathParam("point") String pointId,
                          @PathParam("disk") String diskId, @HeaderParam("Range") String range) {
        RecoveryPoint point = recoveryPoints.find(name, pointId);
        String snapshot = point.getSnapshots().get(diskId);
        ProtectedDisk disk = replication.disk(diskId).filter(d -> d.getItem().getName().equals(name))
                .orElseThrow(() -> new ItemNotFoundException("no disk " + diskId + " in '" + name + "'"));
        if (snapshot == null) {
            throw new ItemNotFoundException("recovery point " + pointId + " has no disk " + diskId);
        }
        return DiskImageResponse.of(seeds, disk, snapshot, range);
    }
}
