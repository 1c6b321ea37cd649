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
        System.exit(AgentCommand.commandLine().execute(args));
    }
}
