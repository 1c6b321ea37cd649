package org.lifeboat.agent;

import org.lifeboat.agent.cli.AgentCommand;

/**
 * Entry point of {@code lifeboat-agent.jar}.
 */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(AgentCommand.commandLine().execute(args));
    }
}
