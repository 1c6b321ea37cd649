package org.lifeboat.agent.registration;

import java.util.List;

import org.lifeboat.agent.disk.LocalDisk;

/** What the agent tells the server about itself when it registers. */
public record RegistrationRequest(String name, String hostname, String agentVersion, List<LocalDisk> disks) {

    public RegistrationRequest {
        disks = List.copyOf(disks);
    }
}
