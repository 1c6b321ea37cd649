package org.lifeboat.web.api;

import java.net.URI;
import java.util.List;
import jakarta.ejb.EJB;
import jakarta.inject.Inject;
import jakarta.security.enterprise.SecurityContext;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.lifeboat.event.EventLog;
import org.lifeboat.event.Severity;
import org.lifeboat.fabric.AgentRegistration;
import org.lifeboat.shared.InvalidRequestException;
import org.lifeboat.fabric.MobilityAgent;
import org.lifeboat.protecteditem.AgentConfiguration;
import org.lifeboat.shared.ItemNotFoundException;
import org.lifeboat.protecteditem.ReplicationEnabler;
import org.lifeboat.security.AdministratorCredentials;
import org.lifeboat.web.security.AgentIdentityStore;

/**
 * {@code /api/v1/agents}: registration with the passphrase (no login), then each agent's own
 * configuration pull, heartbeat and events, authenticated by its bearer token.
 */
@Path("agents")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class AgentResource {

    @EJB
    private AgentRegistration registration;

    @EJB
    private ReplicationEnabler replication;

    @EJB
    private EventLog events;

    @Inject
    private SecurityContext security;

    @POST
    public Response register(AgentDtos.RegistrationRequest request) {
        if (request == null) {
            throw new InvalidRequestException("body", "a JSON registration request is required");
        }
        AgentRegistration.Registered registered = registration.register(request.toRequest());
        return Response.created(URI.create("agents/" + registered.agentId()))
                .entity(AgentDtos.RegistrationResponse.of(registered)).build();
    }

    @GET
    @Path("{agentId}/configuration")
    public AgentConfiguration configuration(@PathParam("agentId") String agentId) {
        return replication.configurationFor(agent(agentId));
    }

    @POST
    @Path("{agentId}/heartbeat")
    public Response heartbeat(@PathParam("agentId") String agentId, AgentDtos.Heartbeat heartbeat) {
        MobilityAgent agent = agent(agentId);
        List<ReplicationEnabler.DiskReport> reports = heartbeat == null || heartbeat.disks() == null ? List.of()
                : heartbeat.disks().stream().map(AgentDtos.DiskHeartbeat::toReport).toList();
        replication.heartbeat(agent, heartbeat == null ? null : heartbeat.agentVersion(), reports);
        return Response.noContent().build();
    }

    @POST
    @Path("{agentId}/events")
    public Response event(@PathParam("agentId") String agentId, AgentDtos.AgentEvent event) {
        MobilityAgent agent = agent(agentId);
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

    /** The agent named in the path: an agent may act only as itself; an administrator as any. */
    private MobilityAgent agent(String agentId) {
        boolean self = security.isCallerInRole(AgentIdentityStore.ROLE)
                && security.getCallerPrincipal() != null && security.getCallerPrincipal().getName().equals(agentId);
        if (!self && !security.isCallerInRole(AdministratorCredentials.ROLE)) {
            throw new jakarta.ws.rs.ForbiddenException("an agent may only act as itself");
        }
        return registration.find(agentId).orElseThrow(() -> new ItemNotFoundException("no agent " + agentId));
    }
}
