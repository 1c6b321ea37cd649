package org.lifeboat.fabric;

import jakarta.ejb.Stateless;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import org.lifeboat.event.EventRepository;
import org.lifeboat.event.Severity;
import org.lifeboat.shared.ItemNotFoundException;

/**
 * Revokes a mobility agent on both of its ways in at once: its REST bearer credential is checked
 * against the vault on every request, and {@link AgentRevoked} observers close its live replication
 * sessions right after the commit.
 */
@Stateless
public class AgentRevocation {

    @PersistenceContext
    private EntityManager em;

    @Inject
    private EventRepository events;

    @Inject
    private Event<AgentRevoked> revoked;

    /**
     * Revoking twice changes nothing more; observers still run, so sessions are closed either way.
     *
     * @throws ItemNotFoundException for an unknown agent
     */
    public MobilityAgent revoke(String agentId) {
        MobilityAgent agent = agentId == null || agentId.length() > 36 ? null : em.find(MobilityAgent.class, agentId);
        if (agent == null) {
            throw new ItemNotFoundException("no agent " + agentId);
        }
        if (!agent.isRevoked()) {
            agent.revoke();
            events.record(Severity.WARNING, "agent " + agent.getName(), "Agent '" + agent.getName() + "' ("
                    + agentId + ") was revoked: its credential no longer works on the API or the replication port");
        }
        revoked.fire(new AgentRevoked(agentId));
        return agent;
    }
}
