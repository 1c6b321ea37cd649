package org.lifeboat.web.api;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import jakarta.ejb.EJB;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
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
import org.lifeboat.failover.FailoverRepository;
import org.lifeboat.failover.Failbacks;
import org.lifeboat.failover.FailoverDirection;
import org.lifeboat.failover.Failovers;
import org.lifeboat.failover.PointChoice;
import org.lifeboat.shared.InvalidRequestException;
import org.lifeboat.shared.ItemNotFoundException;

/**
 * A protected item's failover, with ASR's action names: {@code POST /protectedItems/{item}/testFailover},
 * {@code testFailoverCleanup}, {@code unplannedFailover}, {@code applyRecoveryPoint}, {@code failoverCommit},
 * {@code failoverCancel} (each 202 and a job, or 409 with the reason when the item's state does not allow
 * it), its failover settings, and the ARM deployments its failovers made.
 */
@Path("protectedItems")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Failover", description = "Test failover, failover, change of point, commit and cancel of a protected item")
@SecurityRequirement(name = LifeboatApi.BASIC)
public class FailoverResource {

    @EJB
    private Failovers failovers;

    @EJB
    private FailoverRepository ledger;

    @EJB
    private Failbacks failbacks;

    @Context
    private UriInfo uri;

    @POST
    @Path("{name}/testFailover")
    @Operation(summary = "Test failover: failover disks and an ARM deployment of a VM named <name>-test on the test "
            + "network; replication goes on", description = "Body: recoveryPointId, or recoveryPointType (Latest, "
            + "LatestProcessed (default), LatestAppConsistent); networkId (a virtual network's resource id).")
    @APIResponse(responseCode = "202", description = "Started; Location is the job",
            content = @Content(schema = @Schema(implementation = JobDto.class)))
    @APIResponse(responseCode = "400", description = "A field is invalid, or no such point",
            content = @Content(schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "404", description = "No such item",
            content = @Content(schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "409", description = "The item's state does not allow it (the reason says why)",
            content = @Content(schema = @Schema(implementation = ApiError.class)))
    public Response testFailover(@PathParam("name") String name, String body) {
        JsonObject request = body(body);
        return JobResource.accepted(uri, failovers.testFailover(name, point(request),
                text(request, "networkId")));
    }

    @POST
    @Path("{name}/testFailoverCleanup")
    @Operation(summary = "Remove the test failover's disks and deployment, and record the comments",
            description = "Body (optional): comments. Repeating it is harmless.")
    @APIResponse(responseCode = "202", description = "Started; Location is the job",
            content = @Content(schema = @Schema(implementation = JobDto.class)))
    @APIResponse(responseCode = "409", description = "A test failover job of the item is running",
            content = @Content(schema = @Schema(implementation = ApiError.class)))
    public Response testFailoverCleanup(@PathParam("name") String name, String body) {
        return JobResource.accepted(uri, failovers.testFailoverCleanup(name, text(body(body), "comments")));
    }

    @POST
    @Path("{name}/unplannedFailover")
    @Operation(summary = "Fail over: optionally shut the source VM down through vCenter, stop replication, create "
            + "the failover disks and the ARM deployment", description = "Body: recoveryPointId or recoveryPointType, "
            + "performShutdown (a failed shutdown is recorded in the job and the failover goes ahead).")
    @APIResponse(responseCode = "202", description = "Started; Location is the job",
            content = @Content(schema = @Schema(implementation = JobDto.class)))
    @APIResponse(responseCode = "409", description = "The item's state does not allow it",
            content = @Content(schema = @Schema(implementation = ApiError.class)))
    public Response unplannedFailover(@PathParam("name") String name, String body) {
        JsonObject request = body(body);
        JsonValue shutdown = request.get("performShutdown");
        if (shutdown != null && shutdown != JsonValue.TRUE && shutdown != JsonValue.FALSE
                && shutdown != JsonValue.NULL) {
            throw new InvalidRequestException("performShutdown", "performShutdown is true or false");
        }
        return JobResource.accepted(uri, failovers.unplannedFailover(name, point(request),
                shutdown == JsonValue.TRUE));
    }

    @POST
    @Path("{name}/applyRecoveryPoint")
    @Operation(summary = "Change the point of a failover not yet committed: its failover disks are replaced")
    @APIResponse(responseCode = "202", description = "Started; Location is the job",
            content = @Content(schema = @Schema(implementation = JobDto.class)))
    @APIResponse(responseCode = "409", description = "The item is not failed over, or is committed",
            content = @Content(schema = @Schema(implementation = ApiError.class)))
    public Response applyRecoveryPoint(@PathParam("name") String name, String body) {
        return JobResource.accepted(uri, failovers.applyRecoveryPoint(name, point(body(body))));
    }

    @POST
    @Path("{name}/failoverCommit")
    @Operation(summary = "Make the failover final: the other recovery points are deleted")
    @APIResponse(responseCode = "202", description = "Started; Location is the job",
            content = @Content(schema = @Schema(implementation = JobDto.class)))
    @APIResponse(responseCode = "409", description = "The item is not failed over, or is committed",
            content = @Content(schema = @Schema(implementation = ApiError.class)))
    public Response failoverCommit(@PathParam("name") String name) {
        return JobResource.accepted(uri, failovers.failoverCommit(name));
    }

    @POST
    @Path("{name}/reProtect")
    @Operation(summary = "Re-protect: replicate the failed-over machine back (RecoveryToPrimary) or protect the item "
            + "as before after failing back (PrimaryToRecovery)", description = "Body: direction (required); agentId "
            + "towards Primary: the agent inside the failed-over machine, registered with the disks it runs on; "
            + "masterTargetId towards Primary for an item recovered from the vault on this server: the agent of its "
            + "original machine registered with this server, which becomes the item's agent. "
            + "Towards Primary the machine replicates as the item '<name>-failback', its seeds copied in storage "
            + "from the failover disks so that only what differs is sent; towards Recovery that item is removed "
            + "and a resync brings the original seeds up to date.")
    @APIResponse(responseCode = "202", description = "Started; Location is the job",
            content = @Content(schema = @Schema(implementation = JobDto.class)))
    @APIResponse(responseCode = "400", description = "No or an unknown direction, no or an unsuitable agent",
            content = @Content(schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "409", description = "The item's state does not allow it",
            content = @Content(schema = @Schema(implementation = ApiError.class)))
    public Response reProtect(@PathParam("name") String name, String body) {
        JsonObject request = body(body);
        return JobResource.accepted(uri, failbacks.reProtect(name, FailoverDirection.of("direction",
                text(request, "direction")), text(request, "agentId"), text(request, "masterTargetId")));
    }

    @POST
    @Path("{name}/plannedFailover")
    @Operation(summary = "Planned failover back (failback): the reverse side's final recovery point, for the master "
            + "target on premises", description = "Body: failoverDirection RecoveryToPrimary. Stop the workload of "
            + "the failed-over machine first (deallocate the VM) for zero data loss; the point holds everything its "
            + "agent sent before the request. Then bring the on-premises disks to it with lifeboat-agent receive.")
    @APIResponse(responseCode = "202", description = "Started; Location is the job",
            content = @Content(schema = @Schema(implementation = JobDto.class)))
    @APIResponse(responseCode = "400", description = "No or another failoverDirection",
            content = @Content(schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "409", description = "The item does not replicate back towards Primary",
            content = @Content(schema = @Schema(implementation = ApiError.class)))
    public Response plannedFailover(@PathParam("name") String name, String body) {
        return JobResource.accepted(uri, failbacks.plannedFailover(name, FailoverDirection.of("failoverDirection",
                text(body(body), "failoverDirection"))));
    }

    @POST
    @Path("{name}/failoverCancel")
    @Operation(summary = "Undo a failover not yet committed: its disks and deployment removed, replication resumed")
    @APIResponse(responseCode = "202", description = "Started; Location is the job",
            content = @Content(schema = @Schema(implementation = JobDto.class)))
    @APIResponse(responseCode = "409", description = "The item is not failed over, or is committed",
            content = @Content(schema = @Schema(implementation = ApiError.class)))
    public Response failoverCancel(@PathParam("name") String name) {
        return JobResource.accepted(uri, failovers.failoverCancel(name));
    }

    @GET
    @Path("{name}/failoverSettings")
    @Operation(summary = "Read the item's failover settings")
    @APIResponse(responseCode = "200", description = "The settings",
            content = @Content(schema = @Schema(implementation = FailoverDtos.Settings.class)))
    public FailoverDtos.Settings settings(@PathParam("name") String name) {
        return FailoverDtos.Settings.of(ledger.item(name).getFailoverSettings());
    }

    @PUT
    @Path("{name}/failoverSettings")
    @Operation(summary = "Replace the item's failover settings", description = "Unset values fall back to the "
            + "defaults: the item's name, a size mapped from the source, a subnet given at deployment.")
    @APIResponse(responseCode = "200", description = "The settings stored",
            content = @Content(schema = @Schema(implementation = FailoverDtos.Settings.class)))
    @APIResponse(responseCode = "400", description = "A value Azure would refuse; nothing changed",
            content = @Content(schema = @Schema(implementation = ApiError.class)))
    public FailoverDtos.Settings putSettings(@PathParam("name") String name, String body) {
        JsonObject request = JsonRequests.object(body);
        ledger.item(name); // an unknown item is a 404 before anything about the body
        JsonRequests.onlyFields(request, SETTINGS_FIELDS, "the settings are " + String.join(", ", SETTINGS_FIELDS));
        // the item page's form calls the same method: one rule for both
        return FailoverDtos.Settings.of(ledger.replaceSettings(name, text(request, "targetVmName"),
                text(request, "vmSize"), text(request, "networkId"), text(request, "subnet"),
                text(request, "testNetworkId"), text(request, "testSubnet"), text(request, "staticIp"),
                text(request, "bootDiskId")));
    }

    @GET
    @Path("{name}/deployments/{which}")
    @Operation(summary = "The ARM template of the item's test failover (test) or failover (failover)")
    @APIResponse(responseCode = "200", description = "The template")
    @APIResponse(responseCode = "404", description = "No such item, or no such deployment now",
            content = @Content(schema = @Schema(implementation = ApiError.class)))
    public Response template(@PathParam("name") String name, @PathParam("which") String which) {
        return deployment(name, which, false);
    }

    @GET
    @Path("{name}/deployments/{which}/parameters")
    @Operation(summary = "The ARM parameters file of the item's test failover (test) or failover (failover)")
    @APIResponse(responseCode = "200", description = "The parameters")
    @APIResponse(responseCode = "404", description = "No such item, or no such deployment now",
            content = @Content(schema = @Schema(implementation = ApiError.class)))
    public Response parameters(@PathParam("name") String name, @PathParam("which") String which) {
        return deployment(name, which, true);
    }

    @GET
    @Path("{name}/deployments/failover/failback")
    @Operation(summary = "The steps of the item's planned failover back (failback), written with its failover's "
            + "deployment",
            description = "In order: deallocate the Azure VM (the Compute API's REST call, and its az line: ARM "
                    + "templates cannot stop a VM), check its power state, Lifeboat's plannedFailover RecoveryToPrimary "
                    + "(the final sync), the master target's receive. Lifeboat calls no Azure API: an operator or a "
                    + "pipeline runs them, with the subscription and resource group of the deployment.")
    @APIResponse(responseCode = "200", description = "The steps")
    @APIResponse(responseCode = "404", description = "No such item, or no failover deployment now",
            content = @Content(schema = @Schema(implementation = ApiError.class)))
    public Response failbackSteps(@PathParam("name") String name) {
        return Response.ok(failovers.failbackStepsOf(name).orElseThrow(() -> new ItemNotFoundException("'" + name
                + "' has no failover deployment with failback steps now")), MediaType.APPLICATION_JSON)
                .header("Content-Disposition", "attachment; filename=\"" + name + "-failback-steps.json\"").build();
    }

    private Response deployment(String name, String which, boolean parameters) {
        if (!"test".equals(which) && !"failover".equals(which)) {
            throw new ItemNotFoundException("no deployment '" + which + "': test or failover");
        }
        return file(failovers.deploymentOf(name, "test".equals(which), parameters).orElseThrow(() ->
                new ItemNotFoundException("'" + name + "' has no " + which + " deployment now")), name + "-" + which,
                parameters);
    }

    static Response file(String json, String name, boolean parameters) {
        return Response.ok(json, MediaType.APPLICATION_JSON).header("Content-Disposition", "attachment; filename=\""
                + name + (parameters ? ".parameters.json" : ".json") + "\"").build();
    }

    private static final java.util.List<String> SETTINGS_FIELDS = java.util.List.of("targetVmName", "vmSize",
            "networkId", "subnet", "testNetworkId", "testSubnet", "staticIp", "bootDiskId");

    static JsonObject body(String body) {
        return body == null || body.isBlank() ? JsonValue.EMPTY_JSON_OBJECT : JsonRequests.object(body);
    }

    private static PointChoice point(JsonObject request) {
        return PointChoice.of(text(request, "recoveryPointId"), text(request, "recoveryPointType"));
    }

    /** A string field, absent or null as null; any other JSON type is refused naming the field. */
    static String text(JsonObject request, String field) {
        JsonValue value = request.get(field);
        if (value == null || value == JsonValue.NULL) {
            return null;
        }
        if (value instanceof JsonString string) {
            if (string.getString().length() > 1000) {
                throw new InvalidRequestException(field, field + " is at most 1000 characters");
            }
            return string.getString();
        }
        throw new InvalidRequestException(field, field + " must be a string");
    }
}
