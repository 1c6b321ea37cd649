package org.lifeboat.failover;

import java.util.Optional;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import org.lifeboat.discovery.VcenterRepository;
import org.lifeboat.discovery.VcenterPowerControl;
import org.lifeboat.protectableitem.ProtectableItem;
import org.lifeboat.protectableitem.ProtectableItems;
import org.lifeboat.protecteditem.ProtectedItem;

/**
 * What failover knows of a protected item's source machine through vCenter discovery: its size (CPUs,
 * memory) and a way to shut it down. An item whose agent was matched to no discovered VM has neither.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.SUPPORTS)
public class SourceMachines {

    @EJB
    private ProtectableItems protectableItems;

    @EJB
    private VcenterRepository vcenters;

    /** The Azure size for the source's CPUs and memory, or {@link VmSizes#DEFAULT} when discovery does not know it. */
    public String vmSize(ProtectedItem item) {
        return vm(item).filter(vm -> vm.cpus() > 0 && vm.memoryMiB() > 0)
                .map(vm -> VmSizes.forMachine(vm.cpus(), vm.memoryMiB())).orElse(VmSizes.DEFAULT);
    }

    /**
     * Powers the source VM off through its vCenter.
     *
     * @return what was done
     * @throws IllegalStateException why it could not be
     */
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    public String shutDown(ProtectedItem item) {
        ProtectableItem.VmDetails vm = vm(item).orElseThrow(() -> new IllegalStateException("'" + item.getName()
                + "' is matched to no discovered VM: shut the source down by hand"));
        var connection = vcenters.connection(vm.fabric(), vm.vcenter()).orElseThrow(() -> new IllegalStateException(
                "vCenter '" + vm.vcenter() + "' of the source VM is no longer registered"));
        return new VcenterPowerControl().powerOff(connection, vm.moref());
    }

    private Optional<ProtectableItem.VmDetails> vm(ProtectedItem item) {
        if (item.getAgent() == null) {
            return Optional.empty();
        }
        String agentId = item.getAgent().getId();
        return protectableItems.all().stream()
                .filter(p -> p.kind() == ProtectableItem.Kind.VIRTUAL_MACHINE && p.vm() != null && p.agent() != null
                        && agentId.equals(p.agent().agentId()))
                .map(ProtectableItem::vm).findFirst();
    }
}
