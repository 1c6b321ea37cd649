package org.lifeboat.agent.control;

/** Nothing answers on the control socket: no daemon runs for this state directory. */
public class AgentNotRunningException extends Exception {

    private static final long serialVersionUID = 1L;

    AgentNotRunningException(String message) {
        super(message);
    }
}
