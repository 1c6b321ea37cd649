package org.lifeboat.web.console;

import java.util.List;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import org.lifeboat.fabric.AgentRegistration;
import org.lifeboat.fabric.AgentRevocation;
import org.lifeboat.web.api.AgentDtos;
import org.lifeboat.web.api.AgentViews;

/**
 * The agents page: every registered agent, revocation, and a new registration passphrase, through the same
 * services as the API's {@code POST /agents/{id}/revoke} and {@code POST /agents/passphrase}.
 */
@Named("agents")
@RequestScoped
public class AgentsBean {

    @Inject
    private AgentViews views;

    @EJB
    private AgentRevocation revocation;

    @EJB
    private AgentRegistration registration;

    @Inject
    private ConsoleMessages messages;

    /**
     * The passphrase just regenerated, for the answer to that one request only (request scope): it is shown once,
     * and neither a reload nor a later request renders it again. Never logged.
     */
    private String newPassphrase;

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

    public void regeneratePassphrase() {
        newPassphrase = registration.regeneratePassphrase();
        messages.info("A new registration passphrase was made: registrations with the previous one are refused from "
                + "now on; agents registered already keep working.");
    }

    public String getNewPassphrase() {
        return newPassphrase;
    }
}
