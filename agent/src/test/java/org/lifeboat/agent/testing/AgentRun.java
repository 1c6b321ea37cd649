package org.lifeboat.agent.testing;

import java.io.PrintWriter;
import java.io.StringWriter;

import org.lifeboat.agent.cli.AgentCommand;

import picocli.CommandLine;

/** One in-process run of the agent's command line, as {@code main} would run it. */
public record AgentRun(int exitCode, String out, String err) {

    public static AgentRun of(String... arguments) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine commandLine = AgentCommand.commandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        int exitCode = commandLine.execute(arguments);
        return new AgentRun(exitCode, out.toString(), err.toString());
    }
}
