package org.lifeboat.agent.api;

/** Hands events to the server without waiting for it; a failure to deliver is logged, not thrown. */
@FunctionalInterface
public interface EventSink {

    void post(AgentEvent event);
}
