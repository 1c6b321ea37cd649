package org.lifeboat.fabric;

/**
 * Fired when an agent is revoked. Observers that hold live state for the agent (its replication
 * sessions) drop it once the revocation is committed, so a reconnect can no longer be admitted.
 */
public record AgentRevoked(String agentId) {
}
