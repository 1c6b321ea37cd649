package org.lifeboat.web.api;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import jakarta.json.JsonValue;
import jakarta.ejb.EJB;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.container.AsyncResponse;
import jakarta.ws.rs.container.Suspended;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.lifeboat.replicationgroup.GroupBarrier;
import org.lifeboat.replicationgroup.GroupRound;
import org.lifeboat.replicationgroup.GroupRounds;
import org.lifeboat.replicationgroup.ReplicationGroupRepository;
import org.lifeboat.shared.ItemNotFoundException;

/**
 * {@code /api/v1/replicationGroups}: protected items (up to 16) whose recovery points are taken at one moment
 * across the machines, by a two-phase barrier of their agents.
 */
@Path("replicationGroups")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Replication groups", description = "Multi-machine consistency: group bookmark rounds and group points")
@SecurityRequirement(name = LifeboatApi.BASIC)
public class ReplicationGroupResource {

    /** How long {@code POST .../bookmark} waits for the round to end beyond its deadline (acks, applying). */
    private static final Duration ROUND_WAIT_BEYOND_DEADLINE = Duration.ofMinutes(2);

    @EJB
    private ReplicationGroupRepository groups;

    @EJB
    private GroupRounds rounds;

    @EJB
    private GroupBarrier barrier;

    @GET
    @Operation(summary = "List the replication groups")
    @APIResponse(responseCode = "200", description = "Every group", content = @Content(schema =
            @Schema(type = SchemaType.ARRAY, implementation = ReplicationGroupDtos.Group.class)))
    public List<ReplicationGroupDtos.Group> all() {
        return groups.all().stream().map(ReplicationGroupDtos.Group::of).toList();
    }

    @GET
    @Path("{group}")
    @Operation(summary = "Read a replication group")
    @APIResponse(responseCode = "200", description = "The group",
            content = @Content(schema = @Schema(implementation = ReplicationGroupDtos.Group.class)))
    @APIResponse(responseCode = "404", description = "No such group",
            content = @Content(schema = @Schema(implementation = ApiError.class)))
    public ReplicationGroupDtos.Group group(@PathParam("group") String name) {
        return ReplicationGroupDtos.Group.of(groups.get(name));
    }

    @PUT
    @Path("{group}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Create or change a replication group",
            description = "items: 1 to 16 protected items that replicate now, none in another group; policy: whose "
                    + "bookmark schedule the group follows (default: the default policy).")
    @APIResponse(responseCode = "200", description = "Changed",
            content = @Content(schema = @Schema(implementation = ReplicationGroupDtos.Group.class)))
    @APIResponse(responseCode = "201", description = "Created",
            content = @Content(schema = @Schema(implementation = ReplicationGroupDtos.Group.class)))
    @APIResponse(responseCode = "400", description = "A field breaks its rule (named); nothing changed",
            content = @Content(schema = @Schema(implementation = ApiError.class)))
    public Response save(@PathParam("group") String name, String body) {
        ReplicationGroupDtos.Settings settings = ReplicationGroupDtos.Settings.parse(JsonRequests.object(body));
        ReplicationGroupRepository.Saved saved = groups.save(name, settings.policy(), settings.items());
        ReplicationGroupDtos.Group group = ReplicationGroupDtos.Group.of(saved.group());
        return saved.created() ? Response.created(URI.create("replicationGroups/" + name)).entity(group).build()
                : Response.ok(group).build();
    }

    @DELETE
    @Path("{group}")
    @Operation(summary = "Delete a replication group", description = "Its members' recovery points stay.")
    @APIResponse(responseCode = "204", description = "Deleted")
    @APIResponse(responseCode = "404", description = "No such group",
            content = @Content(schema = @Schema(implementation = ApiError.class)))
    public Response delete(@PathParam("group") String name) {
        groups.delete(name);
        return Response.noContent().build();
    }

    @POST
    @Path("{group}/bookmark")
    @Operation(summary = "Take a group point now",
            description = "Runs one bookmark round (body optional: consistency CRASH_CONSISTENT or APP_CONSISTENT, "
                    + "deadlineSeconds 1 to 300, default 30: how long members may take to be ready, and so the "
                    + "longest any member holds its writes) and answers when it ended, or with its state so far.")
    @APIResponse(responseCode = "200", description = "The round",
            content = @Content(schema = @Schema(implementation = ReplicationGroupDtos.Round.class)))
    @APIResponse(responseCode = "400", description = "A field breaks its rule",
            content = @Content(schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "404", description = "No such group",
            content = @Content(schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "409", description = "A round of the group runs, or a member does not replicate",
            content = @Content(schema = @Schema(implementation = ApiError.class)))
    public void bookmark(@PathParam("group") String name, String body, @Suspended AsyncResponse response) {
        ReplicationGroupDtos.RoundRequest request = ReplicationGroupDtos.RoundRequest.parse(
                body == null || body.isBlank() ? JsonValue.EMPTY_JSON_OBJECT : JsonRequests.object(body),
                (int) GroupRounds.DEFAULT_HOLD.toSeconds());
        GroupRound round = rounds.start(name, request.consistency(), Duration.ofSeconds(request.deadlineSeconds()));
        // asynchronous: the round takes seconds, and the server has few HTTP worker threads
        response.setTimeout(round.hold().plus(ROUND_WAIT_BEYOND_DEADLINE).toMillis(), TimeUnit.MILLISECONDS);
        response.setTimeoutHandler(timedOut -> timedOut.resume(barrier.read(round.tag(),
                ReplicationGroupDtos.Round::of).orElseThrow()));
        barrier.whenEnded(round.tag(), ended -> response.resume(ReplicationGroupDtos.Round.of(ended)));
    }

    @GET
    @Path("{group}/rounds/{tag}")
    @Operation(summary = "A bookmark round of the group (the last 64 rounds are kept in memory)")
    @APIResponse(responseCode = "200", description = "The round",
            content = @Content(schema = @Schema(implementation = ReplicationGroupDtos.Round.class)))
    @APIResponse(responseCode = "404", description = "No such round",
            content = @Content(schema = @Schema(implementation = ApiError.class)))
    public ReplicationGroupDtos.Round round(@PathParam("group") String name, @PathParam("tag") String tag) {
        return barrier.read(tag, ReplicationGroupDtos.Round::of).filter(r -> r.group().equals(name))
                .orElseThrow(() -> new ItemNotFoundException("no round " + tag + " of replication group '" + name + "'"));
    }

    @GET
    @Path("{group}/points")
    @Operation(summary = "The group points: moments every member has a recovery point of, newest first")
    @APIResponse(responseCode = "200", description = "The points", content = @Content(schema =
            @Schema(type = SchemaType.ARRAY, implementation = ReplicationGroupDtos.Point.class)))
    @APIResponse(responseCode = "404", description = "No such group",
            content = @Content(schema = @Schema(implementation = ApiError.class)))
    public List<ReplicationGroupDtos.Point> points(@PathParam("group") String name) {
        return rounds.points(name).stream().map(ReplicationGroupDtos.Point::of).toList();
    }
}
