package org.lifeboat.agent.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.Callable;

import org.lifeboat.agent.api.AgentRevokedException;
import org.lifeboat.agent.api.HttpRecoveryPoint;
import org.lifeboat.agent.api.ServerApiException;
import org.lifeboat.agent.disk.DiskId;
import org.lifeboat.agent.disk.DiskProbe;
import org.lifeboat.agent.failback.DiskReceiver;
import org.lifeboat.agent.state.StateDirectory;
import org.lifeboat.agent.state.StateException;
import org.lifeboat.agent.state.StateLock;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The master target of a failback: the machine's own agent, its machine off, brings a disk to a recovery point
 * by downloading only the blocks that differ from it.
 */
@Command(name = "receive",
        description = "Failback master target: bring a disk to a recovery point, downloading only the blocks that "
                + "differ (the original disk), or every non-zero block into a new file (an alternate location). "
                + "The agent must not be running for the state directory: the machine is off.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            ExitCodes.OK + ":the disk equals the recovery point's and is durable",
            ExitCodes.USAGE + ":invalid arguments, or the state directory is unusable or in use by a running agent",
            ExitCodes.REFUSED + ":the server no longer accepts this agent",
            ExitCodes.FAILED + ":the point could not be read or the disk written; run it again to complete it"})
final class ReceiveCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--state", required = true, paramLabel = "DIR", description = "The agent's state directory.")
    private Path stateRoot;

    @Option(names = "--disk-id", required = true, paramLabel = "ID", description = "The protected disk's id on the server.")
    private String diskId;

    @Option(names = "--point", required = true, paramLabel = "ID", description = "The recovery point's id.")
    private String pointId;

    @Option(names = "--disk", required = true, paramLabel = "PATH",
            description = "The disk to write: the original disk, or a path that does not exist yet (alternate location).")
    private Path disk;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        DiskId id;
        try {
            id = DiskId.of(diskId);
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            return ExitCodes.USAGE;
        }
        StateDirectory state;
        try {
            state = StateDirectory.registered(stateRoot);
        } catch (StateException e) {
            err.println(e.getMessage());
            return ExitCodes.USAGE;
        }
        StateLock held;
        try {
            held = StateLock.hold(state);
        } catch (StateException e) {
            err.println(e.getMessage() + " Stop it first: a master target writes onto a disk no agent replicates from.");
            return ExitCodes.USAGE;
        }
        boolean alternate = !Files.exists(disk);
        long started = System.nanoTime();
        try (held;
             FileChannel channel = alternate
                     ? FileChannel.open(disk, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ, StandardOpenOption.WRITE)
                     : FileChannel.open(disk, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            DiskReceiver.Outcome outcome = DiskReceiver.receive(channel,
                    alternate ? 0 : DiskProbe.sizeOf(channel, Files.isRegularFile(disk)),
                    new HttpRecoveryPoint(state.identity(), state.serverTrust(), id, pointId));
            out.printf("Recovery point %s of disk %s received into %s (%s): %d blocks compared, %d differed, "
                            + "%d bytes downloaded in %d request(s), %.1f s (checksums and comparison %.1f s, "
                            + "downloads %.1f s).%n", pointId, id, disk,
                    alternate ? "alternate location" : "original location", outcome.comparedBlocks(),
                    outcome.differingBlocks(), outcome.downloadedBytes(), outcome.requests(),
                    (System.nanoTime() - started) / 1e9, outcome.compareNanos() / 1e9, outcome.downloadNanos() / 1e9);
            return ExitCodes.OK;
        } catch (StateException e) {
            err.println(e.getMessage());
            return ExitCodes.USAGE;
        } catch (AgentRevokedException e) {
            err.println(e.getMessage());
            return ExitCodes.REFUSED;
        } catch (ServerApiException | IOException e) {
            err.println("The disk was not brought to recovery point " + pointId + ": " + e.getMessage()
                    + (alternate ? "" : " (it may be partly updated: run receive again to complete it)") + ".");
            return ExitCodes.FAILED;
        }
    }
}
