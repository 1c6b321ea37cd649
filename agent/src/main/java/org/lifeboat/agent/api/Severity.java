package org.lifeboat.agent.api;

/** How urgent an agent event is, as the server's event list shows it. */
public enum Severity {
    INFO, WARNING, CRITICAL
}
