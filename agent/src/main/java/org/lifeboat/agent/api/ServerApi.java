package org.lifeboat.agent.api;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

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

    /**
     * {@code GET /agents/{agentId}/groupRounds}: waits up to {@code wait} for a replication-group round. A server
     * API without groups (a test's) has none: it just waits.
     */
    default Optional<GroupRoundRequest> nextGroupRound(Duration wait) throws ServerApiException, InterruptedException {
        Thread.sleep(wait.toMillis());
        return Optional.empty();
    }

    /**
     * {@code POST /agents/{agentId}/groupRounds/{tag}/ready}: the agent holds its writes; waits up to {@code wait}
     * until every member does.
     *
     * @return empty to take the bookmark, else why not
     */
    default Optional<String> groupReady(String tag, Duration wait) throws ServerApiException {
        return Optional.of("this server takes no group rounds");
    }

    /** {@code POST /agents/{agentId}/groupRounds/{tag}/done} */
    default void groupDone(String tag, GroupRoundOutcome outcome) throws ServerApiException {
    }
}
