package org.lifeboat.protecteditem;

import java.util.List;
import jakarta.json.bind.annotation.JsonbProperty;

/**
 * What an agent pulls: where to replicate, which of its disks, and how (the policy). The agent pins
 * {@code processServerCertificateSha256} for {@code replicationAddress}: the SHA-256 of the certificate that process
 * server presents (a scale-out one its own, the built-in one the configuration server's).
 */
public record AgentConfiguration(String agentId, String replicationAddress, String processServerCertificateSha256,
                                 List<Disk> disks, Policy policy, int heartbeatSeconds) {

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
