package org.lifeboat.agent;

import org.lifeboat.agent.cli.AgentCommand;
import org.lifeboat.agent.daemon.ShutdownSafeLogManager;

/**
 * Entry point of {@code lifeboat-agent.jar}.
 */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        System.setProperty("java.util.logging.manager", ShutdownSafeLogManager.class.getName());
        // the server closes HTTP connections idle for 30 s, just when the next heartbeat reuses one and
        // fails ("header parser received no bytes"); give idle connections up well before that
        System.setProperty("jdk.httpclient.keepalive.timeout", "15");
        System.exit(AgentCommand.commandLine().execute(args));
    }
}
