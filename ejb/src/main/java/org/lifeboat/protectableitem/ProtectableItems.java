package org.lifeboat.protectableitem;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import org.lifeboat.discovery.DiscoveredVm;
import org.lifeboat.discovery.VcenterRepository;
import org.lifeboat.fabric.MobilityAgent;
import org.lifeboat.protecteditem.ProtectedItem;
import org.lifeboat.shared.InvalidRequestException;

/**
 * {@code protectableItems}: the discovered VMs and the registered agents, each agent matched to its VM
 * when one is known, each marked protected when a protected item replicates its agent.
 */
@Stateless
public class ProtectableItems {

    @PersistenceContext
    private EntityManager em;

    @EJB
    private VcenterRepository vcenters;

    /** The VM each agent runs on, as far as discovery knows, by agent id. */
    public Map<String, MatchedVm> matchedVms() {
        Map<String, MatchedVm> byAgent = new HashMap<>();
        for (ProtectableItem item : all()) {
            if (item.kind() == ProtectableItem.Kind.VIRTUAL_MACHINE && item.agent() != null) {
                byAgent.put(item.agent().agentId(), new MatchedVm(item.id(), item.name(), item.matchedBy()));
            }
        }
        return byAgent;
    }

    /**
     * The registered agent of a protectable item, for enabling replication from it.
     *
     * @throws InvalidRequestException if there is no such item, or it is a VM no agent was matched to
     */
    public String agentOf(String protectableItemId) {
        ProtectableItem item = all().stream().filter(i -> i.id().equals(protectableItemId)).findFirst()
                .orElseThrow(() -> new InvalidRequestException("protectableItemId",
                        "no protectable item '" + protectableItemId + "'"));
        if (item.agent() == null) {
            throw new InvalidRequestException("protectableItemId", "VM '" + item.name() + "' has no registered "
                    + "mobility agent: install and register the agent on it first, then protect it");
        }
        return item.agent().agentId();
    }

    public List<ProtectableItem> all() {
        List<DiscoveredVm> vms = vcenters.allVms();
        List<MobilityAgent> agents = em.createQuery(
                "SELECT a FROM MobilityAgent a WHERE a.revoked = false ORDER BY a.name, a.id", MobilityAgent.class)
                .getResultList();
        Map<String, String> protectedBy = new HashMap<>();
        em.createNamedQuery(ProtectedItem.ALL, ProtectedItem.class).getResultList()
                .stream().filter(i -> i.getAgent() != null) // a recovered item waits for its agent
                .forEach(i -> protectedBy.put(i.getAgent().getId(), i.getName()));

        // an agent a push installation registered belongs to the VM it was pushed onto
        Map<String, String> vmIdOfItem = new HashMap<>();
        vms.forEach(v -> vmIdOfItem.put(itemId(v), v.getId()));
        Map<String, String> pushedOnto = new HashMap<>();
        em.createQuery("SELECT i.agentId, i.protectableItemId FROM AgentInstall i WHERE i.agentId IS NOT NULL "
                + "ORDER BY i.createdAt", Object[].class).getResultList().forEach(row -> {
                    String vmId = vmIdOfItem.get((String) row[1]);
                    if (vmId != null) {
                        pushedOnto.put((String) row[0], vmId);
                    }
                });
        Map<String, AgentVmMatcher.Match> matches = AgentVmMatcher.match(
                vms.stream().map(v -> new AgentVmMatcher.Vm(v.getId(), v.getBiosUuid(), v.getName(),
                        v.getGuestHostname())).toList(),
                agents.stream().map(a -> new AgentVmMatcher.Agent(a.getId(), a.getBiosUuid(), a.getHostname())).toList(),
                pushedOnto);
        Map<String, MobilityAgent> agentOfVm = new HashMap<>();
        Map<String, AgentVmMatcher.MatchedBy> how = new HashMap<>();
        for (MobilityAgent agent : agents) {
            AgentVmMatcher.Match match = matches.get(agent.getId());
            if (match != null) {
                agentOfVm.put(match.vmId(), agent);
                how.put(match.vmId(), match.by());
            }
        }

        List<ProtectableItem> items = new ArrayList<>();
        for (DiscoveredVm vm : vms) {
            MobilityAgent agent = agentOfVm.get(vm.getId());
            String protectedItem = agent == null ? null : protectedBy.get(agent.getId());
            items.add(new ProtectableItem(itemId(vm),
                    ProtectableItem.Kind.VIRTUAL_MACHINE, vm.getName(), details(vm), agent == null ? null : details(agent),
                    agent == null ? null : how.get(vm.getId()).name(), protectedItem != null, protectedItem));
        }
        for (MobilityAgent agent : agents) {
            if (!matches.containsKey(agent.getId())) {
                String protectedItem = protectedBy.get(agent.getId());
                items.add(new ProtectableItem("agent:" + agent.getId(), ProtectableItem.Kind.PHYSICAL_MACHINE,
                        agent.getName(), null, details(agent), null, protectedItem != null, protectedItem));
            }
        }
        return items;
    }

    private static String itemId(DiscoveredVm vm) {
        return "vm:" + vm.getVcenter().getPath() + "/" + vm.getMoref();
    }

    private static ProtectableItem.VmDetails details(DiscoveredVm vm) {
        return new ProtectableItem.VmDetails(vm.getVcenter().getFabric(), vm.getVcenter().getName(), vm.getDatacenter(),
                vm.getHostName(), vm.getMoref(), vm.getBiosUuid(), vm.getInstanceUuid(), vm.getPowerState(),
                vm.getGuestOs(), vm.getGuestHostname(), List.copyOf(vm.getIpAddresses()), vm.getCpus(),
                vm.getMemoryMiB(), vm.getDisks().stream().map(d -> new ProtectableItem.Disk(d.getLabel(),
                d.getCapacityBytes(), d.getBackingFile())).toList(), vm.getDiscoveredAt());
    }

    private static ProtectableItem.AgentDetails details(MobilityAgent agent) {
        return new ProtectableItem.AgentDetails(agent.getId(), agent.getName(), agent.getHostname(),
                agent.getBiosUuid(), agent.getAgentVersion(), agent.getLastHeartbeatAt());
    }
}
