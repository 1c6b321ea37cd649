package org.lifeboat.web.api;

import java.io.InputStream;
import java.util.List;
import jakarta.ejb.EJB;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import org.lifeboat.shared.InvalidRequestException;
import org.lifeboat.shared.ItemNotFoundException;
import org.lifeboat.monitoring.ItemStatusService;
import org.lifeboat.protecteditem.ProtectedDisk;
import org.lifeboat.protecteditem.ProtectedItem;
import org.lifeboat.protecteditem.ReplicationEnabler;
import org.lifeboat.protecteditem.SeedBlobStore;
import org.lifeboat.recoverypoint.RecoveryPoint;
import org.lifeboat.recoverypoint.RecoveryPoints;

/**
 * {@code /api/v1/protectedItems}: enable (PUT), status (GET) and disable (DELETE) replication, the
 * item's recovery points, and each point's raw disk images, streamed with HTTP Range support.
 */
@Path("protectedItems")
@Produces(MediaType.APPLICATION_JSON)
public class ProtectedItemResource {

    @EJB
    private ReplicationEnabler replication;

    @EJB
    private RecoveryPoints recoveryPoints;

    @Inject
    private SeedBlobStore seeds;

    @EJB
    private ItemStatusService statuses;

    @GET
    public List<ProtectedItemDtos.Item> all() {
        return replication.all().stream().map(this::dto).toList();
    }

    @PUT
    @Path("{name}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response enable(@PathParam("name") String name, ProtectedItemDtos.Enable request) {
        if (request == null) {
            throw new InvalidRequestException("body", "a JSON body naming the agent is required");
        }
        ProtectedItem item = replication.enable(name, request.agentId(), request.policy());
        return Response.ok(dto(item)).build();
    }

    @GET
    @Path("{name}")
    public ProtectedItemDtos.Item item(@PathParam("name") String name) {
        return dto(replication.find(name));
    }

    private ProtectedItemDtos.Item dto(ProtectedItem item) {
        return ProtectedItemDtos.Item.of(item, statuses.status(item), recoveryPoints.latest(item.getName()));
    }

    @DELETE
    @Path("{name}")
    public Response disable(@PathParam("name") String name) {
        replication.disable(name);
        return Response.noContent().build();
    }

    @GET
    @Path("{name}/recoveryPoints")
    public List<ProtectedItemDtos.Point> points(@PathParam("name") String name) {
        replication.find(name);
        return recoveryPoints.of(name).stream().map(ProtectedItemDtos.Point::of).toList();
    }

    @GET
    @Path("{name}/recoveryPoints/{point}")
    public ProtectedItemDtos.Point point(@PathParam("name") String name, @PathParam("point") String pointId) {
        return ProtectedItemDtos.Point.of(recoveryPoints.find(name, pointId));
    }

    /** The disk's raw image at the point (no VHD footer): restore a single disk anywhere with it. */
    @GET
    @Path("{name}/recoveryPoints/{point}/disks/{disk}/image")
    @Produces(MediaType.APPLICATION_OCTET_STREAM)
    public Response image(@PathParam("name") String name, @PathParam("point") String pointId,
                          @PathParam("disk") String diskId, @HeaderParam("Range") String range) {
        RecoveryPoint point = recoveryPoints.find(name, pointId);
        String snapshot = point.getSnapshots().get(diskId);
        ProtectedDisk disk = replication.disk(diskId).filter(d -> d.getItem().getName().equals(name))
                .orElseThrow(() -> new ItemNotFoundException("no disk " + diskId + " in '" + name + "'"));
        if (snapshot == null) {
            throw new ItemNotFoundException("recovery point " + pointId + " has no disk " + diskId);
        }
        ByteRange bytes;
        try {
            bytes = ByteRange.parse(range, disk.getSizeBytes());
        } catch (IllegalArgumentException e) {
            return Response.status(Response.Status.REQUESTED_RANGE_NOT_SATISFIABLE)
                    .header("Content-Range", "bytes */" + disk.getSizeBytes()).build();
        }
        StreamingOutput body = out -> {
            try (InputStream in = seeds.openImage(disk.getSeedBlobName(), disk.getSizeBytes(), snapshot, bytes.first(),
                    bytes.length())) {
                in.transferTo(out);
            }
        };
        Response.ResponseBuilder response = Response.status(bytes.partial() ? 206 : 200).entity(body)
                .header("Accept-Ranges", "bytes")
                .header("Content-Length", bytes.length())
                .header("Content-Disposition", "attachment; filename=\"" + diskId + ".img\"");
        if (bytes.partial()) {
            response.header("Content-Range", "bytes " + bytes.first() + "-" + bytes.last() + "/" + disk.getSizeBytes());
        }
        return response.build();
    }
}
