package org.lifeboat.agent.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

import picocli.CommandLine;

/** One in-process run of the agent's command line, as {@code main} would run it. */
record AgentRun(int exitCode, String out, String err) {

    static AgentRun of(String... arguments) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine commandLine = AgentCommand.commandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        int exitCode = commandLine.execute(arguments);
        return new AgentRun(exitCode, out.toString(), err.toString());
    }
}
