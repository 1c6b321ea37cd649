package org.lifeboat.agent.registration;

import java.util.List;

import org.lifeboat.agent.disk.LocalDisk;

/**
 * What the agent tells the server about itself when it registers. The BIOS UUID (optional) lets the
 * server match the agent to the VM a vCenter discovery found.
 */
public record RegistrationRequest(String name, String hostname, String agentVersion, List<LocalDisk> disks,
                                  String biosUuid) {

    public RegistrationRequest {
        disks = List.copyOf(disks);
    }

    public RegistrationRequest(String name, String hostname, String agentVersion, List<LocalDisk> disks) {
        this(name, hostname, agentVersion, disks, null);
    }
}
