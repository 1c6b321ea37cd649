package org.lifeboat.web.api;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import jakarta.ejb.EJB;
import jakarta.inject.Inject;
import jakarta.security.enterprise.SecurityContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.ForbiddenException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.lifeboat.event.Refusal;
import org.lifeboat.fabric.RegistrationRefusedException;
import org.lifeboat.monitoring.Health;
import org.lifeboat.monitoring.HealthReason;
import org.lifeboat.monitoring.ProcessServerStatus;
import org.lifeboat.scaleout.Heartbeat;
import org.lifeboat.scaleout.ProcessServerAppliers;
import org.lifeboat.scaleout.ProcessServerAssignments;
import org.lifeboat.scaleout.ProcessServerRegistration;
import org.lifeboat.scaleout.ProcessServerView;
import org.lifeboat.scaleout.ProcessServers;
import org.lifeboat.security.AdministratorCredentials;
import org.lifeboat.shared.InvalidRequestException;
import org.lifeboat.shared.ItemNotFoundException;
import org.lifeboat.web.security.LoginLimiter;
import org.lifeboat.web.security.ProcessServerIdentityStore;

/**
 * {@code /api/v1/processServers}: every process server (the built-in one and the registered scale-out ones) with
 * its figures and health, for administrators; a scale-out process server's registration with the passphrase (no
 * login) and its heartbeat, authenticated by the bearer token registration gave it.
 */
@Tag(name = "Process servers", description = "Registration, heartbeat, cache, backlog, throughput, load and items")
@Path("processServers")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class ProcessServerResource {

    @EJB
    private ProcessServers processServers;

    @EJB
    private ProcessServerRegistration registration;

    @EJB
    private ProcessServerAssignments assignments;

    @EJB
    private ProcessServerAppliers appliers;

    @Inject
    private SecurityContext security;

    @Inject
    private LoginLimiter limiter;

    @Context
    private HttpServletRequest http;

    @GET
    @Operation(summary = "List the process servers", description = "The built-in one first, then the scale-out ones by name.")
    @SecurityRequirement(name = LifeboatApi.BASIC)
    @APIResponse(responseCode = "200", description = "The process servers",
            content = @Content(schema = @Schema(type = SchemaType.ARRAY, implementation = ProcessServerDto.class)))
    @APIResponse(responseCode = "401", description = "No administrator login")
    public List<ProcessServerDto> all() {
        requireAdministrator();
        return processServers.all().stream().map(ProcessServerDto::of).toList();
    }

    @GET
    @Path("{name}")
    @Operation(summary = "Read a process server")
    @SecurityRequirement(name = LifeboatApi.BASIC)
    @APIResponse(responseCode = "200", description = "The process server",
            content = @Content(schema = @Schema(implementation = ProcessServerDto.class)))
    @APIResponse(responseCode = "401", description = "No administrator login")
    @APIResponse(responseCode = "404", description = "No such process server",
            content = @Content(schema = @Schema(implementation = ApiError.class)))
    public ProcessServerDto one(@PathParam("name") String name) {
        requireAdministrator();
        return processServers.one(name).map(ProcessServerDto::of)
                .orElseThrow(() -> new ItemNotFoundException("no process server '" + name + "'"));
    }

    @POST
    @Operation(summary = "Register a scale-out process server",
            description = "No login: as an agent does, the process server proves it knows the registration passphrase "
                    + "with HMAC-SHA256(passphrase, \"lifeboat-register\\n\" + SHA-256 of the server certificate + "
                    + "\"\\n\" + nonce); the answer's serverProof is HMAC-SHA256(passphrase, \"lifeboat-server\\n\" + "
                    + "the same SHA-256 + \"\\n\" + nonce + \"\\n\" + processServerId). certificate is the PEM "
                    + "certificate of its own key pair, which its replication port presents and its agents pin. The same "
                    + "name again keeps its id and gets a new credential; with another certificate only when "
                    + "replaceCertificate is true (409 otherwise).")
    @APIResponse(responseCode = "201", description = "Registered; the credential is shown this once",
            content = @Content(schema = @Schema(implementation = RegistrationResponse.class)))
    @APIResponse(responseCode = "200", description = "Registered again (same name): the same id, a new credential",
            content = @Content(schema = @Schema(implementation = RegistrationResponse.class)))
    @APIResponse(responseCode = "400", description = "Invalid request",
            content = @Content(schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "401", description = "Wrong passphrase proof",
            content = @Content(schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "409", description = "The name is registered with another certificate, and "
            + "replaceCertificate is not true", content = @Content(schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "429", description = "Too many wrong proofs from this address; see Retry-After",
            content = @Content(schema = @Schema(implementation = ApiError.class)))
    public Response register(RegistrationRequest request) {
        if (request == null) {
            throw new InvalidRequestException("body", "a JSON registration request is required");
        }
        String address = http.getRemoteAddr();
        limiter.requireAllowed(Refusal.PROCESS_SERVER_REGISTRATION, address);
        ProcessServerRegistration.Registered registered;
        try {
            registered = registration.register(new ProcessServerRegistration.Request(request.name(),
                    request.replicationAddress(), request.nonce(), request.passphraseProof(), request.certificate(),
                    Boolean.TRUE.equals(request.replaceCertificate()), request.role()));
        } catch (RegistrationRefusedException e) {
            limiter.failed(Refusal.PROCESS_SERVER_REGISTRATION, address);
            throw e;
        }
        RegistrationResponse body = new RegistrationResponse(registered.processServerId(), registered.credential(),
                registered.serverProof());
        return registered.created() ? Response.created(URI.create("processServers/" + request.name())).entity(body).build()
                : Response.ok(body).build();
    }

    @POST
    @Path("{name}/heartbeat")
    @Operation(summary = "A scale-out process server's heartbeat",
            description = "Its figures, every 30 s by default. Only that process server's own bearer token "
                    + "(processServerId.credential) is accepted.")
    @SecurityRequirement(name = LifeboatApi.BEARER)
    @APIResponse(responseCode = "204", description = "Recorded")
    @APIResponse(responseCode = "400", description = "A figure out of range (named)",
            content = @Content(schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "401", description = "No process server's credential")
    @APIResponse(responseCode = "403", description = "Another process server's name")
    public Response heartbeat(@PathParam("name") String name, Heartbeat beat) {
        boolean self = security.isCallerInRole(ProcessServerIdentityStore.ROLE)
                && security.getCallerPrincipal() != null && security.getCallerPrincipal().getName().equals(name);
        if (!self) {
            throw new ForbiddenException("a process server may only heartbeat as itself");
        }
        if (beat == null) {
            throw new InvalidRequestException("body", "a JSON heartbeat is required");
        }
        registration.heartbeat(name, beat);
        return Response.noContent().build();
    }

    @POST
    @Path("{name}/switch")
    @Operation(summary = "Switch all the items of a process server to another",
            description = "ASR's switch/load balance for a whole process server: each item's fencing epoch moves on "
                    + "and an event records it. The body names the target process server.")
    @SecurityRequirement(name = LifeboatApi.BASIC)
    @APIResponse(responseCode = "200", description = "The items moved (none when it had none)",
            content = @Content(schema = @Schema(type = SchemaType.ARRAY, implementation = ProtectedItemDtos.Switched.class)))
    @APIResponse(responseCode = "400", description = "No processServer in the body",
            content = @Content(schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "401", description = "No administrator login")
    @APIResponse(responseCode = "404", description = "No such process server (either)",
            content = @Content(schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "409", description = "The target is the same or not heartbeating",
            content = @Content(schema = @Schema(implementation = ApiError.class)))
    public List<ProtectedItemDtos.Switched> switchAll(@PathParam("name") String name,
                                                      ProtectedItemDtos.SwitchProcessServer request) {
        requireAdministrator();
        return assignments.switchAll(name, target(request)).stream().map(ProtectedItemDtos.Switched::of).toList();
    }

    @PUT
    @Path("{name}/applier")
    @Operation(summary = "Name the applier near Azure that applies a scale-out process server's items",
            description = "With an applier (a Payara Micro instance started with 'lifeboat process-server start --role "
                    + "applier', beside the storage account) the process server never writes a seed blob: it seals every "
                    + "segment to the cache container, compressed and encrypted, and the applier applies it, fenced by "
                    + "the owning process server's assignment epoch. Both take the change within seconds. "
                    + "{\"applier\": null} lets the process server apply its items itself again.")
    @SecurityRequirement(name = LifeboatApi.BASIC)
    @APIResponse(responseCode = "200", description = "The process server, naming its applier",
            content = @Content(schema = @Schema(implementation = ProcessServerDto.class)))
    @APIResponse(responseCode = "400", description = "The built-in process server, an applier as the process server, "
            + "or an applier that is not a registered applier (the field is named); nothing changed",
            content = @Content(schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "401", description = "No administrator login")
    @APIResponse(responseCode = "404", description = "No such process server",
            content = @Content(schema = @Schema(implementation = ApiError.class)))
    public ProcessServerDto applier(@PathParam("name") String name, ApplierRequest request) {
        requireAdministrator();
        if (request == null) {
            throw new InvalidRequestException("body", "a JSON body is required: {\"applier\": \"NAME\"}, or null to "
                    + "apply the items on the process server again");
        }
        appliers.applyThrough(name, request.applier() == null || request.applier().isBlank() ? null : request.applier());
        return one(name);
    }

    /** {@code applier}: the applier's name, or null. */
    public record ApplierRequest(String applier) {
    }

    /** The target of a switch, or a 400 naming the field. */
    static String target(ProtectedItemDtos.SwitchProcessServer request) {
        if (request == null || request.processServer() == null || request.processServer().isBlank()) {
            throw new InvalidRequestException("processServer", "processServer is required: the name of the process "
                    + "server to switch to ('builtin' for the configuration server's own)");
        }
        return request.processServer();
    }

    /** The route admits process servers too (web.xml, for their heartbeat); reading is the administrator's. */
    private void requireAdministrator() {
        if (!security.isCallerInRole(AdministratorCredentials.ROLE)) {
            throw new ForbiddenException("only an administrator may do this");
        }
    }

    /** {@code replaceCertificate}: register a name again with another certificate (a rebuilt process server). */
    /** {@code role}: "process-server" (the default) or "applier" (an applier near Azure). */
    public record RegistrationRequest(String name, String replicationAddress, String nonce, String passphraseProof,
                                      String certificate, Boolean replaceCertificate, String role) {
    }

    public record RegistrationResponse(String processServerId, String credential, String serverProof) {
    }

    /**
     * A process server as the API shows it; {@code projectedDrainSeconds} null when uploads stalled,
     * {@code cpuPercent} and {@code memoryPercent} null when unknown, {@code registeredAt} null for the built-in one;
     * {@code certificateSha256} what its replication port presents and its agents pin; {@code wanCacheBytes} and
     * {@code wanSeedBytes} the request body bytes it sent to the storage account's {@code cache} container (log
     * segments) and as Put Page into seed blobs since it started, null when it did not say; {@code role}
     * "process-server" or "applier" (near Azure); {@code applier} the applier that applies its items, null if none.
     */
    @Schema(description = "A process server: heartbeat, cache size and free percent, upload backlog and projected drain "
            + "time, throughput, connected agents, CPU and memory, health with ASR's thresholds, its items")
    public record ProcessServerDto(String name, boolean scaleOut, String replicationAddress, String certificateSha256,
                                   Instant registeredAt, Instant heartbeatAt, Double cpuPercent, Double memoryPercent,
                                   long cacheCapacityBytes, long cacheUsedBytes, double cacheFreePercent,
                                   long uploadBacklogBytes, Long projectedDrainSeconds, long ingestBytesPerSecond,
                                   long uploadBytesPerSecond, int connectedAgents, Health health,
                                   List<HealthReason> reasons, List<String> items, Long wanCacheBytes,
                                   Long wanSeedBytes, String role, String applier) {
        public static ProcessServerDto of(ProcessServerView view) {
            ProcessServerStatus s = view.status();
            return new ProcessServerDto(s.name(), view.scaleOut(), s.replicationAddress(), view.certificateSha256(),
                    view.registeredAt(), s.heartbeatAt(), view.cpuPercent(), view.memoryPercent(), s.cacheCapacityBytes(),
                    s.cacheUsedBytes(), s.cacheFreePercent(), s.uploadBacklogBytes(), s.projectedDrainSeconds(),
                    s.ingestBytesPerSecond(), s.uploadBytesPerSecond(), s.connectedAgents(), s.health(), s.reasons(),
                    view.items(), view.wanCacheBytes(), view.wanSeedBytes(), view.role(), view.applier());
        }
    }
}
