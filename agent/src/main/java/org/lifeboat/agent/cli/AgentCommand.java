package org.lifeboat.agent.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * The {@code lifeboat-agent} command line: only subcommands, each named after what it does.
 */
@Command(name = "lifeboat-agent",
        description = "The Lifeboat mobility agent for machines protected by a Lifeboat server.",
        mixinStandardHelpOptions = true,
        scope = ScopeType.INHERIT,
        versionProvider = VersionCommand.class,
        subcommands = {RegisterCommand.class, RegisterProcessServerCommand.class, RunCommand.class, BookmarkCommand.class, StatusCommand.class,
            PingCommand.class, ReceiveCommand.class, ProfileCommand.class, VersionCommand.class, HelpCommand.class})
public final class AgentCommand implements Runnable {

    @Spec
    private CommandSpec spec;

    /** The command line as {@code main} runs it; tests run it in-process the same way. */
    public static CommandLine commandLine() {
        return new CommandLine(new AgentCommand());
    }

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "Missing command; try: register, run, bookmark, status, ping, receive, profile, version, help");
    }
}
