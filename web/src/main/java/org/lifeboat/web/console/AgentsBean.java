package org.lifeboat.web.console;

import java.util.List;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import org.lifeboat.fabric.AgentRevocation;
import org.lifeboat.web.api.AgentDtos;
import org.lifeboat.web.api.AgentViews;

/** The agents page: every registered agent, and revocation, through the same service as the API's revoke. */
@Named("agents")
@RequestScoped
public class AgentsBean {

    @Inject
    private AgentViews views;

    @EJB
    private AgentRevocation revocation;

    @Inject
    private ConsoleMessages messages;

    public List<AgentDtos.Agent> getAll() {
        return views.all();
    }

    public void revoke(String agentId, String name) {
        messages.attempt(null, () -> {
            revocation.revoke(agentId);
            return agentId;
        }).ifPresent(id -> messages.info("Agent '" + name + "' revoked: it cannot replicate or call the API until it "
                + "registers again."));
    }
}
