package org.lifeboat.agent.api;

import java.time.Duration;

import org.lifeboat.protocol.Consistency;

/**
 * The server asks the agent to take part in a replication-group bookmark round: hold its writes, report
 * ready, take the bookmark tagged {@code tag} on go, resume, report done; never hold longer than {@code hold}.
 */
public record GroupRoundRequest(String tag, String group, Consistency consistency, Duration hold) {
}
