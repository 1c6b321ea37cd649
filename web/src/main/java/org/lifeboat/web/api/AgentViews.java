package org.lifeboat.web.api;

import java.util.List;
import java.util.Map;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.RequestScoped;
import org.lifeboat.protectableitem.MatchedVm;
import org.lifeboat.protectableitem.ProtectableItems;
import org.lifeboat.protecteditem.ProtectedItem;
import org.lifeboat.protecteditem.ReplicationEnabler;
import org.lifeboat.fabric.AgentRegistration;
import org.lifeboat.fabric.MobilityAgent;

/** Registered agents as the API serves them to an administrator: the one reading both the API and the console use. */
@RequestScoped
public class AgentViews {

    @EJB
    private AgentRegistration registration;

    @EJB
    private ReplicationEnabler replication;

    @EJB
    private ProtectableItems protectableItems;

    public List<AgentDtos.Agent> all() {
        Map<String, MatchedVm> vms = protectableItems.matchedVms();
        return registration.all().stream().map(agent -> of(agent, vms)).toList();
    }

    public AgentDtos.Agent of(MobilityAgent agent, Map<String, MatchedVm> vms) {
        return AgentDtos.Agent.of(agent, replication.itemOf(agent.getId()).map(ProtectedItem::getName).orElse(null),
                vms.get(agent.getId()));
    }
}
