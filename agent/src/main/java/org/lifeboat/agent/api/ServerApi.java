package org.lifeboat.agent.api;

import java.util.List;

import org.lifeboat.agent.disk.DiskId;

/**
 * The server's REST calls an agent makes once registered, each authenticated with the agent's
 * id and credential. Every call throws {@link AgentRevokedException} when the server no longer
 * accepts the agent.
 */
public interface ServerApi {

    /** {@code GET /agents/{agentId}/configuration} */
    AgentConfiguration configuration() throws ServerApiException;

    /**
     * {@code POST /agents/{agentId}/heartbeat}
     *
     * @return the resyncs the server asks for, usually none
     */
    List<ResyncRequest> heartbeat(Heartbeat heartbeat) throws ServerApiException;

    /** {@code GET /agents/{agentId}/disks/{diskId}/checksums}: the seed disk's block checksums, streamed. */
    SeedChecksums checksums(DiskId diskId) throws ServerApiException;

    /** {@code POST /agents/{agentId}/events} */
    void event(AgentEvent event) throws ServerApiException;
}
