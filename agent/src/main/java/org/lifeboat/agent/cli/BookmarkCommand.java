package org.lifeboat.agent.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;

import org.lifeboat.agent.control.AgentNotRunningException;
import org.lifeboat.agent.control.ControlClient;
import org.lifeboat.agent.control.ControlProtocol;
import org.lifeboat.agent.control.ControlReply;
import org.lifeboat.agent.state.StateDirectory;
import org.lifeboat.protocol.Consistency;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Asks the running daemon for a bookmark and returns once the server holds it durably. */
@Command(name = "bookmark",
        description = "Take a bookmark (a recovery point) now; returns once it is durable on the server.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            ExitCodes.OK + ":the bookmark is durable on every disk; its id and consistency are printed",
            ExitCodes.USAGE + ":invalid arguments",
            ExitCodes.NOT_RUNNING + ":no agent is running for the state directory",
            ExitCodes.FAILED + ":no durable bookmark within the timeout"})
final class BookmarkCommand implements Callable<Integer> {

    /** Beyond the daemon's own timeout, for the reply to come back. */
    private static final Duration REPLY_MARGIN = Duration.ofSeconds(30);

    @Spec
    private CommandSpec spec;

    @Option(names = "--state", required = true, paramLabel = "DIR", description = "The running agent's state directory.")
    private Path stateRoot;

    @Option(names = "--app-consistent",
            description = "Freeze applications around the bookmark with the agent's --pre-freeze and --post-thaw commands.")
    private boolean appConsistent;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "300",
            description = "Give up after this many seconds. Default: ${DEFAULT-VALUE}.")
    private int timeoutSeconds;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (timeoutSeconds < 1) {
            err.println("--timeout must be at least 1 second");
            return ExitCodes.USAGE;
        }
        Consistency consistency = appConsistent ? Consistency.APP_CONSISTENT : Consistency.CRASH_CONSISTENT;
        ControlReply reply;
        try {
            reply = ControlClient.send(StateDirectory.at(stateRoot).controlSocket(),
                    ControlProtocol.BOOKMARK + " " + consistency + " " + timeoutSeconds,
                    Duration.ofSeconds(timeoutSeconds).plus(REPLY_MARGIN));
        } catch (AgentNotRunningException e) {
            err.println("No agent is running for " + stateRoot + "; start it with: lifeboat-agent run --state " + stateRoot);
            return ExitCodes.NOT_RUNNING;
        } catch (IOException e) {
            err.println("The agent did not complete the bookmark: " + e.getMessage() + ".");
            return ExitCodes.FAILED;
        }
        reply.notes().forEach(err::println);
        if (!reply.ok()) {
            err.println("No bookmark: " + reply.payload() + ".");
            return ExitCodes.FAILED;
        }
        String[] idAndConsistency = reply.payload().split(" ");
        out.printf("Bookmark %s %s is durable on the server.%n", idAndConsistency[0], idAndConsistency[1]);
        return ExitCodes.OK;
    }
}
