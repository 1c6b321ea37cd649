package org.lifeboat.agent.api;

/** The server no longer accepts this agent's credential (HTTP 401 or 403): it was removed or revoked. */
public class AgentRevokedException extends ServerApiException {

    private static final long serialVersionUID = 1L;

    public AgentRevokedException(String message) {
        super(message);
    }
}
