package org.lifeboat.protectableitem;

import java.time.Instant;
import java.util.List;

/**
 * A machine that can be protected: a VM a vCenter discovery found (with the agent matched to it, if
 * any), or a registered agent on a machine no discovery knows (a physical server, in ASR's words).
 */
public record ProtectableItem(String id, Kind kind, String name, VmDetails vm, AgentDetails agent,
                              String matchedBy, boolean isProtected, String protectedItem) {

    public enum Kind { VIRTUAL_MACHINE, PHYSICAL_MACHINE }

    public record VmDetails(String fabric, String vcenter, String datacenter, String host, String moref,
                            String biosUuid, String instanceUuid, String powerState, String guestOs,
                            String guestHostname, List<String> ipAddresses, int cpus, long memoryMiB,
                            List<Disk> disks, Instant discoveredAt) {
    }

    public record Disk(String label, long capacityBytes, String backingFile) {
    }

    public record AgentDetails(String agentId, String name, String hostname, String biosUuid, String agentVersion,
                               Instant lastHeartbeatAt) {
    }
}
