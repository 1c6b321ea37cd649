package org.lifeboat.web.api;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jakarta.ejb.EJB;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
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
import org.lifeboat.failover.FailoverDirection;
import org.lifeboat.failover.PointChoice;
import org.lifeboat.failover.RecoveryPointType;
import org.lifeboat.recoveryplan.PlanOperation;
import org.lifeboat.recoveryplan.PlanRequest;
import org.lifeboat.recoveryplan.RecoveryPlan;
import org.lifeboat.recoveryplan.RecoveryPlanJobs;
import org.lifeboat.recoveryplan.RecoveryPlanRepository;
import org.lifeboat.shared.InvalidRequestException;

/**
 * {@code /api/v1/recoveryPlans/{plan}}: boot groups of protected items with pre and post actions (scripts in
 * the scripts directory, manual actions), and the plan's actions, each a job (202) that runs the items' own
 * failover actions group by group.
 */
@Path("recoveryPlans")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Recovery plans", description = "Fail over many machines in order, with scripts and manual actions")
@SecurityRequirement(name = LifeboatApi.BASIC)
public class RecoveryPlanResource {

    @EJB
    private RecoveryPlanRepository plans;

    @EJB
    private RecoveryPlanJobs planJobs;

    @Context
    private UriInfo uri;

    @GET
    @Operation(summary = "List the recovery plans")
    @APIResponse(responseCode = "200", description = "The plans", content = @Content(schema = @Schema(
            type = SchemaType.ARRAY, implementation = RecoveryPlanDtos.Plan.class)))
    public List<JsonObject> list() {
        return plans.list().stream().map(this::json).toList();
    }

    @GET
    @Path("{plan}")
    @Operation(summary = "Read a recovery plan, with its job now if one is not over")
    @APIResponse(responseCode = "200", description = "The plan",
            content = @Content(schema = @Schema(implementation = RecoveryPlanDtos.Plan.class)))
    @APIResponse(responseCode = "404", description = "No such plan",
            content = @Content(schema = @Schema(implementation = ApiError.class)))
    public JsonObject get(@PathParam("plan") String name) {
        return json(plans.find(name));
    }

    @PUT
    @Path("{plan}")
    @Operation(summary = "Create or replace a recovery plan", description = "Body: groups (ordered boot groups, "
            + "each with items and optional preActions and postActions), optional preActions, postActions and "
            + "description. An action is {type: Script, script: a path inside the scripts directory, "
            + "timeoutSeconds} or {type: Manual, text}. Up to 100 items, each in one group.")
    @APIResponse(responseCode = "200", description = "Replaced",
            content = @Content(schema = @Schema(implementation = RecoveryPlanDtos.Plan.class)))
    @APIResponse(responseCode = "201", description = "Created",
            content = @Content(schema = @Schema(implementation = RecoveryPlanDtos.Plan.class)))
    @APIResponse(responseCode = "400", description = "A field is invalid (named in the error); nothing stored",
            content = @Content(schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "409", description = "The plan's job is not over",
            content = @Content(schema = @Schema(implementation = ApiError.class)))
    public Response put(@PathParam("plan") String name, String body) {
        boolean created = plans.put(name, JsonRequests.object(body));
        JsonObject plan = json(plans.find(name));
        return created ? Response.created(URI.create("recoveryPlans/" + name)).entity(plan).build()
                : Response.ok(plan).build();
    }

    @DELETE
    @Path("{plan}")
    @Operation(summary = "Delete a recovery plan (its items stay protected)")
    @APIResponse(responseCode = "204", description = "Deleted")
    @APIResponse(responseCode = "404", description = "No such plan",
            content = @Content(schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "409", description = "The plan's job is not over",
            content = @Content(schema = @Schema(implementation = ApiError.class)))
    public Response delete(@PathParam("plan") String name) {
        plans.delete(name);
        return Response.noContent().build();
    }

    @POST
    @Path("{plan}/testFailover")
    @Operation(summary = "Test failover of every item, boot group by boot group",
            description = "Body: recoveryPointType (Latest, LatestProcessed (default), LatestAppConsistent, ...: each "
                    + "item uses its own point of that type), networkId.")
    @APIResponse(responseCode = "202", description = "Started; Location is the job",
            content = @Content(schema = @Schema(implementation = JobDto.class)))
    @APIResponse(responseCode = "409", description = "The plan's job is not over",
            content = @Content(schema = @Schema(implementation = ApiError.class)))
    public Response testFailover(@PathParam("plan") String name, String body) {
        JsonObject request = FailoverResource.body(body);
        return start(name, request, PlanOperation.TEST_FAILOVER, "recoveryPointType", "networkId");
    }

    @POST
    @Path("{plan}/testFailoverCleanup")
    @Operation(summary = "Clean up the test failover of every item", description = "Body (optional): comments.")
    @APIResponse(responseCode = "202", description = "Started; Location is the job",
            content = @Content(schema = @Schema(implementation = JobDto.class)))
    public Response testFailoverCleanup(@PathParam("plan") String name, String body) {
        return start(name, FailoverResource.body(body), PlanOperation.TEST_FAILOVER_CLEANUP, "comments");
    }

    @POST
    @Path("{plan}/unplannedFailover")
    @Operation(summary = "Fail over every item, boot group by boot group",
            description = "Body: recoveryPointType, performShutdown.")
    @APIResponse(responseCode = "202", description = "Started; Location is the job",
            content = @Content(schema = @Schema(implementation = JobDto.class)))
    public Response unplannedFailover(@PathParam("plan") String name, String body) {
        return start(name, FailoverResource.body(body), PlanOperation.UNPLANNED_FAILOVER, "recoveryPointType",
                "performShutdown");
    }

    @POST
    @Path("{plan}/failoverCommit")
    @Operation(summary = "Commit the failover of every item")
    @APIResponse(responseCode = "202", description = "Started; Location is the job",
            content = @Content(schema = @Schema(implementation = JobDto.class)))
    public Response failoverCommit(@PathParam("plan") String name, String body) {
        return start(name, FailoverResource.body(body), PlanOperation.FAILOVER_COMMIT);
    }

    @POST
    @Path("{plan}/plannedFailover")
    @Operation(summary = "Planned failover back (failback) of every item, boot group by boot group",
            description = "Body: failoverDirection RecoveryToPrimary. Each item replicating back gets the final "
                    + "recovery point of its reverse side, as POST /protectedItems/{item}/plannedFailover.")
    @APIResponse(responseCode = "202", description = "Started; Location is the job",
            content = @Content(schema = @Schema(implementation = JobDto.class)))
    @APIResponse(responseCode = "400", description = "No or another failoverDirection",
            content = @Content(schema = @Schema(implementation = ApiError.class)))
    public Response plannedFailover(@PathParam("plan") String name, String body) {
        return start(name, FailoverResource.body(body), PlanOperation.PLANNED_FAILOVER, "failoverDirection");
    }

    @POST
    @Path("{plan}/reProtect")
    @Operation(summary = "Re-protect every item, boot group by boot group",
            description = "Body: direction; towards Primary (failback) agents, an object of item to the agent inside "
                    + "its failed-over machine (required for each item failed over and committed), and for items "
                    + "recovered from the vault masterTargets, item to the agent of its original machine; as POST "
                    + "/protectedItems/{item}/reProtect for each item.")
    @APIResponse(responseCode = "202", description = "Started; Location is the job",
            content = @Content(schema = @Schema(implementation = JobDto.class)))
    @APIResponse(responseCode = "400", description = "No direction, a committed item without its agent, an item "
            + "not of the plan", content = @Content(schema = @Schema(implementation = ApiError.class)))
    public Response reProtect(@PathParam("plan") String name, String body) {
        return start(name, FailoverResource.body(body), PlanOperation.RE_PROTECT, "direction", "agents",
                "masterTargets");
    }

    private Response start(String name, JsonObject request, PlanOperation operation, String... fields) {
        List<String> known = List.of(fields);
        JsonRequests.onlyFields(request, known, known.isEmpty() ? null
                : operation.apiName() + " takes " + String.join(", ", known));
        JsonValue shutdown = request.get("performShutdown");
        if (shutdown != null && shutdown != JsonValue.TRUE && shutdown != JsonValue.FALSE
                && shutdown != JsonValue.NULL) {
            throw new InvalidRequestException("performShutdown", "performShutdown is true or false");
        }
        String type = FailoverResource.text(request, "recoveryPointType");
        RecoveryPointType pointType = type == null ? null : PointChoice.of(null, type).type();
        String directionField = known.contains("direction") ? "direction" : "failoverDirection";
        String direction = FailoverResource.text(request, directionField);
        return JobResource.accepted(uri, planJobs.start(name, new PlanRequest(operation, pointType,
                FailoverResource.text(request, "networkId"), shutdown == JsonValue.TRUE,
                FailoverResource.text(request, "comments"), direction == null ? null
                : FailoverDirection.of(directionField, direction), byItem(request, "agents"),
                byItem(request, "masterTargets"))));
    }

    /** An object of item name to agent id, e.g. {@code "agents": {"db1": "<agent id>"}}; empty if absent. */
    private static Map<String, String> byItem(JsonObject request, String field) {
        JsonValue value = request.get(field);
        if (value == null || value == JsonValue.NULL) {
            return Map.of();
        }
        if (!(value instanceof JsonObject object)) {
            throw new InvalidRequestException(field, field + " is an object of item name to agent id");
        }
        Map<String, String> map = new LinkedHashMap<>();
        object.forEach((item, agent) -> {
            if (!(agent instanceof JsonString id)) {
                throw new InvalidRequestException(field + "." + item, field + "." + item + " is an agent id");
            }
            map.put(item, id.getString());
        });
        return map;
    }

    private JsonObject json(RecoveryPlan plan) {
        JsonObjectBuilder out = Json.createObjectBuilder().add("name", plan.getName());
        plan.definition().toJson().forEach(out::add);
        out.add("itemCount", plan.definition().items().size());
        out.add("updatedAt", plan.getUpdatedAt().toString());
        plans.activeJob(plan.getName()).ifPresentOrElse(job -> out.add("activeJobId", job.getId().toString()),
                () -> out.addNull("activeJobId"));
        return out.build();
    }
}
