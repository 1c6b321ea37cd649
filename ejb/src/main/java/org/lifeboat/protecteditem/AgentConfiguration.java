package org.lifeboat.protecteditem;

import java.util.List;
import jakarta.json.bind.annotation.JsonbProperty;

/** What an agent pulls: where to replicate, which of its disks, and how (the policy). */
public record AgentConfiguration(String agentId, String replicationAddress, List<Disk> disks, Policy policy,
                                 int heartbeatSeconds) {

    /**
     * A disk of the agent; its id is the replication stream's id while the disk is protected. {@code seeded}: its
     * seed started as a copy of it (failback), so the agent sends only the blocks that differ from the seed.
     */
    public record Disk(String diskId, String path, long sizeBytes,
                       @JsonbProperty("protected") boolean isProtected, boolean seeded) {
    }

    public record Policy(String name, int crashConsistentFrequencyMinutes, int appConsistentFrequencyMinutes,
                         int rpoThresholdMinutes) {
    }
}
