package org.lifeboat.agent.api;

/**
 * The server's REST calls an agent makes once registered, each authenticated with the agent's
 * id and credential. Every call throws {@link AgentRevokedException} when the server no longer
 * accepts the agent.
 */
public interface ServerApi {

    /** {@code GET /agents/{agentId}/configuration} */
    AgentConfiguration configuration() throws ServerApiException;

    /** {@code POST /agents/{agentId}/heartbeat} */
    void heartbeat(Heartbeat heartbeat) throws ServerApiException;

    /** {@code POST /agents/{agentId}/events} */
    void event(AgentEvent event) throws ServerApiException;
}
