package org.lifeboat.agent.cli;

import org.lifeboat.agent.AgentVersion;
import org.lifeboat.protocol.ProtocolLimits;

import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** Prints the agent version and the wire protocol it speaks; also serves {@code --version}. */
@Command(name = "version", description = "Print the agent version and the protocol version it speaks.")
final class VersionCommand implements Runnable, IVersionProvider {

    @Spec
    private CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().getOut().println(line());
    }

    @Override
    public String[] getVersion() {
        return new String[] {line()};
    }

    private static String line() {
        return "lifeboat-agent " + AgentVersion.current() + " (protocol " + ProtocolLimits.PROTOCOL_VERSION + ")";
    }
}
