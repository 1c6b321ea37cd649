package org.lifeboat.web.console;

import java.io.IOException;
import java.io.Serializable;
import java.util.List;
import jakarta.ejb.EJB;
import jakarta.faces.context.ExternalContext;
import jakarta.faces.context.FacesContext;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import org.lifeboat.failover.FailoverRepository;
import org.lifeboat.failover.FailoverSettings;
import org.lifeboat.policy.PolicyRepository;
import org.lifeboat.policy.ReplicationPolicy;
import org.lifeboat.protecteditem.ReplicationEnabler;
import org.lifeboat.web.api.AgentDtos;
import org.lifeboat.web.api.AgentViews;

/**
 * The enable-replication wizard: a registered agent not yet protected, the item's name and policy, and optional
 * failover settings; then the item's page, where initial replication shows its progress. The same services and
 * rules as {@code PUT /protectedItems/{item}} and {@code PUT .../failoverSettings}.
 */
@Named("enableReplication")
@ViewScoped
public class EnableReplicationBean implements Serializable {

    private static final long serialVersionUID = 1L;

    /** The form's id: inputs named after the API's fields get its refusals beside them. */
    private static final String FORM = "wizard";

    @Inject
    private AgentViews agents;

    @EJB
    private PolicyRepository policies;

    @EJB
    private ReplicationEnabler replication;

    @EJB
    private FailoverRepository failover;

    @Inject
    private ConsoleMessages messages;

    @Inject
    private FacesContext faces;

    private String agentId;
    private String name;
    private String policy;
    private String targetVmName;
    private String vmSize;

    /** Agents that can be protected: registered, not revoked, not protected yet. */
    public List<AgentDtos.Agent> getAgents() {
        return agents.all().stream().filter(a -> !a.revoked() && a.protectedItem() == null).toList();
    }

    public List<ReplicationPolicy> getPolicies() {
        return policies.all();
    }

    /** Picking an agent proposes its name for the item. */
    public void agentChosen() {
        if (name == null || name.isBlank()) {
            getAgents().stream().filter(a -> a.id().equals(agentId)).findFirst().ifPresent(a -> name = a.name());
        }
    }

    public void enable() throws IOException {
        boolean enabled = messages.attempt(FORM, () -> {
            // checked before anything is enabled: a refused setting leaves nothing behind
            FailoverSettings settings = FailoverSettings.validated(targetVmName, vmSize, null, null, null, null,
                    null, null, List.of());
            replication.enable(name, agentId, policy == null || policy.isBlank() ? null : policy);
            failover.settingsChanged(name, settings);
            return Boolean.TRUE;
        }).isPresent();
        if (enabled) {
            ExternalContext external = faces.getExternalContext();
            external.getFlash().setKeepMessages(true);
            external.redirect(external.getRequestContextPath() + "/item.xhtml?name="
                    + java.net.URLEncoder.encode(name, java.nio.charset.StandardCharsets.UTF_8));
        }
    }

    public String getAgentId() {
        return agentId;
    }

    public void setAgentId(String agentId) {
        this.agentId = agentId;
    }

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public String getPolicy() {
        return policy;
    }

    public void setPolicy(String policy) {
        this.policy = policy;
    }

    public String getTargetVmName() {
        return targetVmName;
    }

    public void setTargetVmName(String targetVmName) {
        this.targetVmName = targetVmName;
    }

    public String getVmSize() {
        return vmSize;
    }

    public void setVmSize(String vmSize) {
        this.vmSize = vmSize;
    }
}
