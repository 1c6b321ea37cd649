package org.lifeboat.agent.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import java.util.concurrent.Callable;

import org.lifeboat.agent.api.JsonFields;
import org.lifeboat.agent.control.AgentNotRunningException;
import org.lifeboat.agent.control.ControlClient;
import org.lifeboat.agent.control.ControlProtocol;
import org.lifeboat.agent.control.ControlReply;
import org.lifeboat.agent.replication.ConnectionState;
import org.lifeboat.agent.replication.DiskReport;
import org.lifeboat.agent.state.StateDirectory;
import org.lifeboat.agent.status.AgentStatus;
import org.lifeboat.agent.status.ByteSize;
import org.lifeboat.agent.status.StatusFile;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Shows each disk's replication state, from the running daemon or from what it last wrote. */
@Command(name = "status",
        description = "Show each disk's replication: phase, pending bytes, last acknowledged sequence, connection.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            ExitCodes.OK + ":the agent is running",
            ExitCodes.NOT_RUNNING + ":the agent is not running; its last status is shown",
            ExitCodes.FAILED + ":no status could be read"})
final class StatusCommand implements Callable<Integer> {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
            .withZone(ZoneId.systemDefault());

    @Spec
    private CommandSpec spec;

    @Option(names = "--state", required = true, paramLabel = "DIR", description = "The agent's state directory.")
    private Path stateRoot;

    @Option(names = "--json", description = "Print the status as JSON, as status.json holds it.")
    private boolean json;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        StateDirectory state = StateDirectory.at(stateRoot);
        try {
            ControlReply reply = ControlClient.send(state.controlSocket(), ControlProtocol.STATUS, Duration.ofSeconds(10));
            if (!reply.ok()) {
                err.println("The agent could not report its status: " + reply.payload() + ".");
                return ExitCodes.FAILED;
            }
            print(out, AgentStatus.fromJson(JsonFields.parseObject(reply.payload())), true);
            return ExitCodes.OK;
        } catch (AgentNotRunningException e) {
            return printLastStatus(state, out, err);
        } catch (IOException | IllegalArgumentException e) {
            err.println("The agent did not report its status: " + e.getMessage() + ".");
            return ExitCodes.FAILED;
        }
    }

    private int printLastStatus(StateDirectory state, PrintWriter out, PrintWriter err) {
        Optional<AgentStatus> last;
        try {
            last = new StatusFile(state.statusFile()).read();
        } catch (IOException e) {
            err.println("Agent not running, and its last status cannot be read: " + e.getMessage());
            return ExitCodes.FAILED;
        }
        if (last.isEmpty()) {
            out.println("Agent not running; it has not reported any status in " + stateRoot + " yet.");
        } else {
            print(out, last.get(), false);
        }
        return ExitCodes.NOT_RUNNING;
    }

    private void print(PrintWriter out, AgentStatus status, boolean running) {
        if (json) {
            out.println(status.toJson());
            return;
        }
        ConnectionState connection = status.connection();
        if (running) {
            out.printf("Agent %s running, %s.%n", status.agentId(), describe(connection));
        } else {
            out.printf("Agent %s: agent not running (last status at %s).%n", status.agentId(), TIME.format(status.updated()));
        }
        if (status.disks().isEmpty()) {
            out.println("No disk is protected: enable replication on the server.");
            return;
        }
        out.printf("%-20s %-12s %12s %12s  %-12s %s%n", "DISK", "PHASE", "PENDING", "ACKED SEQ", "STREAM", "PATH");
        for (DiskReport disk : status.disks()) {
            String stream = !running ? "stopped" : disk.connected() ? "connected" : "waiting";
            out.printf("%-20s %-12s %12s %12d  %-12s %s%n", disk.diskId(),
                    disk.initial() ? "INITIAL " + disk.initialPercent() + "%" : "DELTA", ByteSize.format(disk.pendingBytes()),
                    disk.lastAckedSequence(), stream, disk.path());
            if (disk.notDurableBytes() > 0) {
                out.printf("%20s %s acknowledged, not yet in Azure (kept to send again)%n", "",
                        ByteSize.format(disk.notDurableBytes()));
            }
            if (disk.resendOnRestartBytes() > 0) {
                out.printf("%20s %s a restart would send again in full (hashes not known yet)%n", "",
                        ByteSize.format(disk.resendOnRestartBytes()));
            }
            out.printf("%20s tracker: %s%s%n", "", disk.tracker().label(),
                    disk.trackerNote() == null ? "" : " (" + disk.trackerNote() + ")");
            if (disk.problem() != null) {
                out.printf("%20s problem: %s%n", "", disk.problem());
            }
        }
    }

    private static String describe(ConnectionState connection) {
        String since = TIME.format(connection.since());
        return switch (connection.phase()) {
            case CONNECTED -> "connected to " + connection.server() + " (" + connection.detail() + ") since " + since;
            case CONNECTING -> "connecting to " + connection.server();
            case DISCONNECTED -> "disconnected from " + connection.server() + " since " + since + ": " + connection.detail();
            case STOPPED -> "stopping";
        };
    }
}
