package org.lifeboat.web.api;

import java.net.URI;
import java.util.List;
import java.util.Map;
import jakarta.ejb.EJB;
import jakarta.inject.Inject;
import jakarta.security.enterprise.SecurityContext;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.ForbiddenException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.NotAuthorizedException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.container.AsyncResponse;
import jakarta.ws.rs.container.Suspended;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.lifeboat.protectableitem.MatchedVm;
import org.lifeboat.protectableitem.ProtectableItems;
import org.lifeboat.event.EventRepository;
import org.lifeboat.event.Refusal;
import org.lifeboat.event.Severity;
import org.lifeboat.fabric.RegistrationRefusedException;
import org.lifeboat.fabric.AgentRegistration;
import org.lifeboat.fabric.AgentRevocation;
import org.lifeboat.fabric.MobilityAgent;
import org.lifeboat.failover.ImageRanges;
import org.lifeboat.protecteditem.AgentConfiguration;
import org.lifeboat.protecteditem.ProtectedDisk;
import org.lifeboat.protecteditem.SeedBlobStore;
import org.lifeboat.recoverypoint.RecoveryPointRepository;
import org.lifeboat.replicationgroup.GroupBarrier;
import org.lifeboat.replicationgroup.GroupRound;
import org.lifeboat.replicationgroup.GroupRounds;
import org.lifeboat.resync.BlockChecksums;
import org.lifeboat.resync.SeedChecksums;
import org.lifeboat.protecteditem.ReplicationEnabler;
import org.lifeboat.security.AdministratorCredentials;
import org.lifeboat.shared.InvalidRequestException;
import org.lifeboat.shared.ItemNotFoundException;
import org.lifeboat.web.security.AgentIdentityStore;
import org.lifeboat.web.security.LoginLimiter;

/**
 * {@code /api/v1/agents}: registration with the passphrase (no login), then each agent's own
 * configuration pull, heartbeat and events, authenticated by its bearer token; and for administrators
 * the list of agents, revocation and a new registration passphrase.
 */
@Path("agents")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Agents", description = "Mobility agents: registration, configuration pull, heartbeat, revocation")
public class AgentResource {

    /** Below the agent's HTTP timeout, so a long-poll answers before the agent gives up on it. */
    private static final int MAX_ROUND_WAIT_SECONDS = 30;

    @EJB
    private AgentRegistration registration;

    @EJB
    private AgentRevocation revocation;

    @Inject
    private AgentViews views;

    @EJB
    private ReplicationEnabler replication;

    @EJB
    private EventRepository events;

    @EJB
    private GroupBarrier groupBarrier;

    @EJB
    private ProtectableItems protectableItems;

    @Inject
    private SeedChecksums checksums;

    @Inject
    private SeedBlobStore seeds;

    @EJB
    private RecoveryPointRepository recoveryPoints;

    @Inject
    private SecurityContext security;

    @Inject
    private LoginLimiter limiter;

    @Context
    private HttpServletRequest http;

    @POST
    @Operation(summary = "Register a mobility agent",
            description = "No login: the agent proves it knows the registration passphrase with "
                    + "HMAC-SHA256(passphrase, \"lifeboat-register\\n\" + SHA-256 of the server certificate + "
                    + "\"\\n\" + nonce) and never sends the passphrase itself.")
    @APIResponse(responseCode = "201", description = "Registered; the credential is shown this once",
            content = @Content(schema = @Schema(implementation = AgentDtos.RegistrationResponse.class)))
    @APIResponse(responseCode = "400", description = "Invalid request",
            content = @Content(schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "401", description = "Wrong passphrase proof",
            content = @Content(schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "429", description = "Too many wrong proofs from this address; see Retry-After",
            content = @Content(schema = @Schema(implementation = ApiError.class)))
    public Response register(AgentDtos.RegistrationRequest request) {
        if (request == null) {
            throw new InvalidRequestException("body", "a JSON registration request is required");
        }
        String address = http.getRemoteAddr();
        limiter.requireAllowed(Refusal.AGENT_REGISTRATION, address);
        AgentRegistration.Registered registered;
        try {
            registered = registration.register(request.toRequest());
        } catch (RegistrationRefusedException e) {
            limiter.failed(Refusal.AGENT_REGISTRATION, address);
            throw e;
        }
        return Response.created(URI.create("agents/" + registered.agentId()))
                .entity(AgentDtos.RegistrationResponse.of(registered)).build();
    }

    @GET
    @Operation(summary = "List the registered agents", description = "Revoked agents included, by name.")
    @SecurityRequirement(name = LifeboatApi.BASIC)
    @APIResponse(responseCode = "200", description = "The agents",
            content = @Content(schema = @Schema(type = SchemaType.ARRAY, implementation = AgentDtos.Agent.class)))
    @APIResponse(responseCode = "401", description = "No administrator login")
    public List<AgentDtos.Agent> all() {
        requireAdministrator();
        return views.all();
    }

    @GET
    @Path("{agentId}")
    @Operation(summary = "Read an agent")
    @SecurityRequirement(name = LifeboatApi.BASIC)
    @SecurityRequirement(name = LifeboatApi.BEARER)
    @APIResponse(responseCode = "200", description = "The agent",
            content = @Content(schema = @Schema(implementation = AgentDtos.Agent.class)))
    @APIResponse(responseCode = "401", description = "No login, or a revoked agent")
    @APIResponse(responseCode = "403", description = "An agent asking about another agent")
    @APIResponse(responseCode = "404", description = "No such agent",
            content = @Content(schema = @Schema(implementation = ApiError.class)))
    public AgentDtos.Agent agent(@PathParam("agentId") @Parameter(description = "the agent's id") String agentId) {
        return describe(agentActing(agentId), protectableItems.matchedVms());
    }

    @POST
    @Path("{agentId}/revoke")
    @Operation(summary = "Revoke an agent",
            description = "At once on both ports: its bearer credential stops working on the API and its live "
                    + "replication sessions are closed; it cannot reconnect. It must register again.")
    @SecurityRequirement(name = LifeboatApi.BASIC)
    @APIResponse(responseCode = "200", description = "Revoked (also when it was already)",
            content = @Content(schema = @Schema(implementation = AgentDtos.Agent.class)))
    @APIResponse(responseCode = "401", description = "No administrator login")
    @APIResponse(responseCode = "403", description = "Not an administrator")
    @APIResponse(responseCode = "404", description = "No such agent",
            content = @Content(schema = @Schema(implementation = ApiError.class)))
    public AgentDtos.Agent revoke(@PathParam("agentId") @Parameter(description = "the agent's id") String agentId) {
        requireAdministrator();
        revocation.revoke(agentId);
        return describe(registration.find(agentId).orElseThrow(() -> new ItemNotFoundException("no agent " + agentId)),
                protectableItems.matchedVms());
    }

    @POST
    @Path("passphrase")
    @Operation(summary = "Regenerate the registration passphrase",
            description = "Returns a new passphrase once (it is also in secrets/registration-passphrase, mode "
                    + "0600). Registrations with the previous one are refused from now on; agents registered "
                    + "already keep working.")
    @SecurityRequirement(name = LifeboatApi.BASIC)
    @APIResponse(responseCode = "200", description = "The new passphrase",
            content = @Content(schema = @Schema(implementation = AgentDtos.Passphrase.class)))
    @APIResponse(responseCode = "401", description = "No administrator login")
    @APIResponse(responseCode = "403", description = "Not an administrator")
    public Response regeneratePassphrase() {
        requireAdministrator();
        CacheControl noStore = new CacheControl();
        noStore.setNoStore(true);
        return Response.ok(new AgentDtos.Passphrase(registration.regeneratePassphrase())).cacheControl(noStore).build();
    }

    @GET
    @Path("{agentId}/configuration")
    @Operation(summary = "Pull an agent's configuration",
            description = "What to replicate, where, and the policy's bookmark frequencies; agents pull it every "
                    + "minute, so a changed policy reaches them without a restart.")
    @SecurityRequirement(name = LifeboatApi.BEARER)
    @SecurityRequirement(name = LifeboatApi.BASIC)
    @APIResponse(responseCode = "200", description = "The configuration",
            content = @Content(schema = @Schema(implementation = AgentConfiguration.class)))
    @APIResponse(responseCode = "401", description = "No login, or a revoked agent")
    @APIResponse(responseCode = "403", description = "An agent asking for another agent's configuration")
    @APIResponse(responseCode = "404", description = "No such agent",
            content = @Content(schema = @Schema(implementation = ApiError.class)))
    public AgentConfiguration configuration(@PathParam("agentId") String agentId) {
        return replication.configurationFor(agentActing(agentId));
    }

    @POST
    @Path("{agentId}/heartbeat")
    @Operation(summary = "An agent's heartbeat, with each disk's progress")
    @SecurityRequirement(name = LifeboatApi.BEARER)
    @SecurityRequirement(name = LifeboatApi.BASIC)
    @APIResponse(responseCode = "200", description = "Taken in; the agent is asked to resync disks",
            content = @Content(schema = @Schema(implementation = AgentDtos.HeartbeatReply.class)))
    @APIResponse(responseCode = "204", description = "Taken in; nothing asked")
    @APIResponse(responseCode = "400", description = "A disk's phase is not INITIAL or DELTA, or another field is out "
            + "of range; nothing recorded", content = @Content(schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "401", description = "No login, or a revoked agent")
    @APIResponse(responseCode = "403", description = "An agent acting as another agent")
    @APIResponse(responseCode = "404", description = "No such agent",
            content = @Content(schema = @Schema(implementation = ApiError.class)))
    public Response heartbeat(@PathParam("agentId") String agentId, AgentDtos.Heartbeat heartbeat) {
        MobilityAgent agent = agentActing(agentId);
        List<ReplicationEnabler.DiskReport> reports = heartbeat == null ? List.of() : heartbeat.reports();
        List<ReplicationEnabler.ResyncRequest> resyncs = replication.heartbeat(agent,
                heartbeat == null ? null : heartbeat.agentVersion(), reports);
        if (resyncs.isEmpty()) {
            return Response.noContent().build();
        }
        return Response.ok(new AgentDtos.HeartbeatReply(resyncs.stream()
                .map(r -> new AgentDtos.ResyncRequest(r.diskId(), r.generation())).toList())).build();
    }

    @GET
    @Path("{agentId}/groupRounds")
    @Operation(summary = "An agent waits for its next replication-group bookmark round (long-poll)",
            description = "waitSeconds 0 to 30 (default 25): how long to wait for a round.")
    @SecurityRequirement(name = LifeboatApi.BEARER)
    @APIResponse(responseCode = "200", description = "A round to take part in",
            content = @Content(schema = @Schema(implementation = ReplicationGroupDtos.AgentRound.class)))
    @APIResponse(responseCode = "204", description = "No round within the wait")
    @APIResponse(responseCode = "401", description = "No login, or a revoked agent")
    @APIResponse(responseCode = "403", description = "An agent acting as another agent")
    public void groupRound(@PathParam("agentId") String agentId,
                           @QueryParam("waitSeconds") @DefaultValue("25") int waitSeconds,
                           @Suspended AsyncResponse response) {
        agentActing(agentId);
        if (waitSeconds < 0 || waitSeconds > MAX_ROUND_WAIT_SECONDS) {
            throw new InvalidRequestException("waitSeconds", "waitSeconds is 0 to " + MAX_ROUND_WAIT_SECONDS);
        }
        // asynchronous: a waiting agent holds none of the server's HTTP worker threads
        Predicate<GroupRound> deliver = round -> response.resume(Response.ok(new ReplicationGroupDtos.AgentRound(
                round.tag(), round.group(), round.consistency().name(), round.hold().toMillis())).build());
        response.setTimeout(Math.max(1, waitSeconds * 1000L), TimeUnit.MILLISECONDS);
        response.setTimeoutHandler(timedOut -> {
            groupBarrier.stopWaiting(agentId, deliver);
            timedOut.resume(Response.noContent().build());
        });
        groupBarrier.awaitRound(agentId, deliver);
    }

    @POST
    @Path("{agentId}/groupRounds/{tag}/ready")
    @Operation(summary = "An agent holds its writes for the round: waits until every member does, then go or abort",
            description = "waitMillis (0 to 300000): the agent's own deadline; past it the answer is not to go.")
    @SecurityRequirement(name = LifeboatApi.BEARER)
    @APIResponse(responseCode = "200", description = "Go, or abort with the reason",
            content = @Content(schema = @Schema(implementation = ReplicationGroupDtos.AgentGo.class)))
    @APIResponse(responseCode = "404", description = "No such round of this agent",
            content = @Content(schema = @Schema(implementation = ApiError.class)))
    public void groupReady(@PathParam("agentId") String agentId, @PathParam("tag") String tag,
                           @QueryParam("waitMillis") long waitMillis, @Suspended AsyncResponse response) {
        agentActing(agentId);
        if (waitMillis < 0 || waitMillis > GroupRounds.MAX_HOLD.toMillis()) {
            throw new InvalidRequestException("waitMillis", "waitMillis is 0 to " + GroupRounds.MAX_HOLD.toMillis());
        }
        response.setTimeout(Math.max(1, waitMillis), TimeUnit.MILLISECONDS);
        response.setTimeoutHandler(timedOut -> timedOut.resume(new ReplicationGroupDtos.AgentGo(false,
                "not every member was ready before this member's own deadline")));
        groupBarrier.ready(agentId, tag, refusal -> response.resume(new ReplicationGroupDtos.AgentGo(refusal.isEmpty(),
                refusal.orElse(null))));
    }

    @POST
    @Path("{agentId}/groupRounds/{tag}/done")
    @Operation(summary = "An agent took its bookmark of the round (or gave up), with how long it held its writes")
    @SecurityRequirement(name = LifeboatApi.BEARER)
    @APIResponse(responseCode = "204", description = "Recorded")
    @APIResponse(responseCode = "404", description = "No such round of this agent",
            content = @Content(schema = @Schema(implementation = ApiError.class)))
    public Response groupDone(@PathParam("agentId") String agentId, @PathParam("tag") String tag,
                              ReplicationGroupDtos.AgentDone done) {
        agentActing(agentId);
        if (done == null || done.succeeded() == null) {
            throw new InvalidRequestException("succeeded", "succeeded is required");
        }
        String reason = done.reason() == null ? null : done.reason().substring(0, Math.min(1000, done.reason().length()));
        groupBarrier.done(agentId, tag, new GroupRound.MemberOutcome(done.succeeded(),
                done.heldMillis() == null ? 0 : Math.max(0, done.heldMillis()), done.consistency(), reason));
        return Response.noContent().build();
    }

    @GET
    @Path("{agentId}/disks/{diskId}/checksums")
    @Produces(MediaType.APPLICATION_OCTET_STREAM)
    @Operation(summary = "Checksums of a protected disk's seed, for a resync",
            description = "One XXHash64 (the agent's seed) per block of the agent's block size (header "
                    + "Lifeboat-Block-Size), 8 bytes big-endian each, in block order, of the seed disk as it is now.")
    @SecurityRequirement(name = LifeboatApi.BEARER)
    @SecurityRequirement(name = LifeboatApi.BASIC)
    @APIResponse(responseCode = "200", description = "The checksums")
    @APIResponse(responseCode = "401", description = "No login, or a revoked agent")
    @APIResponse(responseCode = "403", description = "An agent asking about another agent")
    @APIResponse(responseCode = "404", description = "No such agent, or no such protected disk of it",
            content = @Content(schema = @Schema(implementation = ApiError.class)))
    public Response checksums(@PathParam("agentId") String agentId, @PathParam("diskId") String diskId) {
        ProtectedDisk disk = ownDisk(agentActing(agentId), diskId);
        return checksumsResponse(disk, out -> checksums.write(disk, out));
    }

    @GET
    @Path("{agentId}/disks/{diskId}/recoveryPoints/{point}/checksums")
    @Produces(MediaType.APPLICATION_OCTET_STREAM)
    @Operation(summary = "Checksums of a protected disk at a recovery point, for a master target (failback)",
            description = "As the seed's checksums, of the point's snapshot; header Lifeboat-Disk-Size gives the "
                    + "disk's size. The agent of the item (in receive mode, its machine off) compares the "
                    + "on-premises disk with them and downloads only the blocks that differ. Its own disks, or "
                    + "those of the reverse item its failed-over machine replicates back as.")
    @SecurityRequirement(name = LifeboatApi.BEARER)
    @SecurityRequirement(name = LifeboatApi.BASIC)
    @APIResponse(responseCode = "200", description = "The checksums")
    @APIResponse(responseCode = "401", description = "No login, or a revoked agent")
    @APIResponse(responseCode = "403", description = "An agent asking about another agent")
    @APIResponse(responseCode = "404", description = "No such agent, disk of it, or point of its item",
            content = @Content(schema = @Schema(implementation = ApiError.class)))
    public Response pointChecksums(@PathParam("agentId") String agentId, @PathParam("diskId") String diskId,
                                   @PathParam("point") String pointId) {
        ProtectedDisk disk = pointDisk(agentActing(agentId), diskId);
        String snapshot = snapshotOf(disk, pointId);
        return checksumsResponse(disk, out -> checksums.write(disk, snapshot, out));
    }

    @GET
    @Path("{agentId}/disks/{diskId}/recoveryPoints/{point}/image")
    @Produces(MediaType.APPLICATION_OCTET_STREAM)
    @Operation(summary = "A protected disk's raw image at a recovery point, for a master target (failback)",
            description = "HTTP Range works: a master target asks for the stretches of blocks that differ.")
    @SecurityRequirement(name = LifeboatApi.BEARER)
    @SecurityRequirement(name = LifeboatApi.BASIC)
    @APIResponse(responseCode = "200", description = "The whole image")
    @APIResponse(responseCode = "206", description = "The requested range")
    @APIResponse(responseCode = "401", description = "No login, or a revoked agent")
    @APIResponse(responseCode = "403", description = "An agent asking about another agent")
    @APIResponse(responseCode = "404", description = "No such agent, disk of it, or point of its item",
            content = @Content(schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "416", description = "A range outside the disk")
    public Response pointImage(@PathParam("agentId") String agentId, @PathParam("diskId") String diskId,
                               @PathParam("point") String pointId, @HeaderParam("Range") String range) {
        ProtectedDisk disk = pointDisk(agentActing(agentId), diskId);
        return DiskImageResponse.of(seeds, disk, snapshotOf(disk, pointId), range);
    }

    @POST
    @Path("{agentId}/disks/{diskId}/recoveryPoints/{point}/ranges")
    @Produces(MediaType.APPLICATION_OCTET_STREAM)
    @Operation(summary = "Several ranges of a protected disk's image at a recovery point in one answer, for a "
            + "master target (failback)",
            description = "Body {\"ranges\":[{\"offset\":0,\"length\":65536},...]}: at most 1024 ranges and 256 "
                    + "MiB in all, in ascending order without overlap, each on the disk's block grid (the "
                    + "checksums' Lifeboat-Block-Size; the last block may end the disk short) and inside the disk. "
                    + "The answer is their bytes one after the other, in the request's order, nothing between them: "
                    + "the blocks that differ cost one request, not one each.")
    @SecurityRequirement(name = LifeboatApi.BEARER)
    @SecurityRequirement(name = LifeboatApi.BASIC)
    @APIResponse(responseCode = "200", description = "The ranges' bytes, concatenated (Content-Length their sum)")
    @APIResponse(responseCode = "400", description = "A bad list of ranges: the field names the range and the rule",
            content = @Content(schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "401", description = "No login, or a revoked agent")
    @APIResponse(responseCode = "403", description = "An agent asking about another agent")
    @APIResponse(responseCode = "404", description = "No such agent, disk of it, or point of its item",
            content = @Content(schema = @Schema(implementation = ApiError.class)))
    public Response pointRanges(@PathParam("agentId") String agentId, @PathParam("diskId") String diskId,
                                @PathParam("point") String pointId, AgentDtos.ImageRangesRequest request) {
        ProtectedDisk disk = pointDisk(agentActing(agentId), diskId);
        String snapshot = snapshotOf(disk, pointId);
        ImageRanges ranges = (request == null ? new AgentDtos.ImageRangesRequest(null) : request)
                .toRanges(disk.getSizeBytes());
        StreamingOutput body = out -> {
            for (ImageRanges.Range range : ranges.ranges()) {
                seeds.copyImage(disk.getSeedBlobName(), disk.getSizeBytes(), snapshot, range.offset(), range.length(),
                        out);
            }
        };
        return Response.ok(body).header("Content-Length", ranges.totalBytes()).build();
    }

    /** A disk of the agent's own protected item: an agent reads nothing of another machine. */
    private ProtectedDisk ownDisk(MobilityAgent agent, String diskId) {
        return agentDisk(agent, diskId, null);
    }

    /**
     * A disk whose points the agent may read: of its own item, or of the reverse item its failed-over machine
     * replicates back as (failback: the machine's own agent is the master target of its disks).
     */
    private ProtectedDisk pointDisk(MobilityAgent agent, String diskId) {
        return agentDisk(agent, diskId, replication.itemOf(agent.getId()).map(item -> item.failover().reverseItem())
                .orElse(null));
    }

    private ProtectedDisk agentDisk(MobilityAgent agent, String diskId, String reverseItem) {
        return replication.disk(diskId)
                .filter(d -> (d.getItem().getAgent() != null && d.getItem().getAgent().getId().equals(agent.getId()))
                        || d.getItem().getName().equals(reverseItem))
                .orElseThrow(() -> new ItemNotFoundException("agent " + agent.getId() + " has no protected disk "
                        + diskId));
    }

    private String snapshotOf(ProtectedDisk disk, String pointId) {
        String snapshot = recoveryPoints.find(disk.getItem().getName(), pointId).getSnapshots().get(disk.getId());
        if (snapshot == null) {
            throw new ItemNotFoundException("recovery point " + pointId + " has no disk " + disk.getId());
        }
        return snapshot;
    }

    private static Response checksumsResponse(ProtectedDisk disk, StreamingOutput checksums) {
        // the headers go out at once: the first checksums come only after a stretch of the disk is read from
        // storage, which on a loaded machine outlasted the agent's 20-s wait for an answer (FailbackIT, 256 MiB)
        StreamingOutput body = out -> {
            out.flush();
            checksums.write(out);
        };
        return Response.ok(body)
                .header("Lifeboat-Block-Size", BlockChecksums.blockSize(disk.getSizeBytes()))
                .header("Lifeboat-Disk-Size", disk.getSizeBytes())
                .header("Content-Length", (long) BlockChecksums.blockCount(disk.getSizeBytes())
                        * BlockChecksums.BYTES_PER_BLOCK)
                .build();
    }

    @POST
    @Path("{agentId}/events")
    @Operation(summary = "An event the agent reports (e.g. a failed pre-freeze script)")
    @SecurityRequirement(name = LifeboatApi.BEARER)
    @SecurityRequirement(name = LifeboatApi.BASIC)
    @APIResponse(responseCode = "204", description = "Recorded")
    @APIResponse(responseCode = "400", description = "No message, or an unknown severity",
            content = @Content(schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "401", description = "No login, or a revoked agent")
    @APIResponse(responseCode = "403", description = "An agent acting as another agent")
    @APIResponse(responseCode = "404", description = "No such agent",
            content = @Content(schema = @Schema(implementation = ApiError.class)))
    public Response event(@PathParam("agentId") String agentId, AgentDtos.AgentEvent event) {
        MobilityAgent agent = agentActing(agentId);
        if (event == null || event.message() == null || event.message().isBlank()) {
            throw new InvalidRequestException("message", "an event needs a message");
        }
        Severity severity;
        try {
            severity = Severity.valueOf(event.severity() == null ? "INFO" : event.severity());
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException("severity", "severity is INFO, WARNING or CRITICAL");
        }
        events.record(severity, "agent " + agent.getName(), event.message());
        return Response.noContent().build();
    }

    private AgentDtos.Agent describe(MobilityAgent agent, Map<String, MatchedVm> vms) {
        return views.of(agent, vms);
    }

    private boolean administrator() {
        return security.isCallerInRole(AdministratorCredentials.ROLE);
    }

    /** The agent routes also admit agents (web.xml); these operations are the administrator's. */
    private void requireAdministrator() {
        if (!administrator()) {
            throw new ForbiddenException("only an administrator may do this");
        }
    }

    /**
     * The agent named in the path: an agent may act only as itself; an administrator as any. A revoked
     * agent is refused here too, in case its HTTP session outlived the revocation.
     */
    private MobilityAgent agentActing(String agentId) {
        boolean self = security.isCallerInRole(AgentIdentityStore.ROLE)
                && security.getCallerPrincipal() != null && security.getCallerPrincipal().getName().equals(agentId);
        if (!self && !administrator()) {
            throw new ForbiddenException("an agent may only act as itself");
        }
        MobilityAgent agent = registration.find(agentId).orElseThrow(() -> new ItemNotFoundException("no agent "
                + agentId));
        if (self && agent.isRevoked()) {
            throw new NotAuthorizedException("agent " + agentId + " was revoked", "Bearer realm=\"Lifeboat\"");
        }
        return agent;
    }
}
