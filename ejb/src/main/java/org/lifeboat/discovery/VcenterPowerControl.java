package org.lifeboat.discovery;

import com.vmware.vim25.ManagedObjectReference;
import com.vmware.vim25.VirtualMachinePowerState;
import com.vmware.vim25.mo.ServiceInstance;
import com.vmware.vim25.mo.Task;
import com.vmware.vim25.mo.VirtualMachine;

/**
 * Powers off a VM through its vCenter (yavijava), as a failover with {@code performShutdown} asks of the
 * source: the machine must stop writing before its last state is failed over. Logs in with the same
 * certificate rules as discovery, and out again.
 */
public final class VcenterPowerControl {

    /**
     * @return what was done, for the job's step
     * @throws IllegalStateException saying why the VM could not be powered off
     */
    public String powerOff(VcenterConnection connection, String moref) {
        try {
            return VcenterXml.parsingWithoutDoctypes(() -> {
                CertificateTrust trust = new CertificateTrust(connection.pinnedFingerprint(),
                        connection.trustedCertificatePem());
                ServiceInstance si = VcenterInventoryReader.connect(connection, trust);
                try {
                    ManagedObjectReference ref = new ManagedObjectReference();
                    ref.setType("VirtualMachine");
                    ref.setVal(moref);
                    VirtualMachine vm = new VirtualMachine(si.getServerConnection(), ref);
                    if (vm.getRuntime().getPowerState() == VirtualMachinePowerState.poweredOff) {
                        return "VM " + moref + " on " + connection.host() + " was powered off already";
                    }
                    Task task = vm.powerOffVM_Task();
                    String outcome = task.waitForTask();
                    if (!Task.SUCCESS.equals(outcome)) {
                        throw new IllegalStateException("powering off VM " + moref + " on " + connection.host()
                                + " ended " + outcome + ": " + (task.getTaskInfo().getError() == null ? "no reason given"
                                : task.getTaskInfo().getError().getLocalizedMessage()));
                    }
                    return "VM " + moref + " powered off through " + connection.host();
                } finally {
                    try {
                        si.getServerConnection().logout();
                    } catch (RuntimeException e) {
                        // the session expires on its own
                    }
                }
            });
        } catch (IllegalStateException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("VM " + moref + " could not be powered off through " + connection.host()
                    + ": " + e, e);
        }
    }
}
