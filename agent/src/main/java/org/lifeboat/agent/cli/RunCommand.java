package org.lifeboat.agent.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;

import org.lifeboat.agent.api.AgentRevokedException;
import org.lifeboat.agent.api.HttpServerApi;
import org.lifeboat.agent.bookmark.FreezeHooks;
import org.lifeboat.agent.bookmark.HookCommand;
import org.lifeboat.agent.connection.ServerTrust;
import org.lifeboat.agent.daemon.AgentDaemon;
import org.lifeboat.agent.connection.ServerAddress;
import org.lifeboat.agent.daemon.DaemonSettings;
import org.lifeboat.agent.daemon.OneLineLogFormat;
import org.lifeboat.agent.state.StateDirectory;
import org.lifeboat.agent.state.StateException;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** The daemon: replicates until SIGTERM, or until the server revokes the agent. */
@Command(name = "run",
        description = "Run the agent: replicate the protected disks, heartbeat and take bookmarks until stopped (SIGTERM).",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            ExitCodes.OK + ":stopped",
            ExitCodes.USAGE + ":invalid arguments, or the state directory is unusable or in use",
            ExitCodes.REFUSED + ":the server no longer accepts this agent"})
final class RunCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--state", required = true, paramLabel = "DIR", description = "The state directory made by register.")
    private Path stateRoot;

    @Option(names = "--pre-freeze", paramLabel = "CMD",
            description = "Shell command run before an app-consistent bookmark, e.g. 'fsfreeze -f /data'.")
    private String preFreeze;

    @Option(names = "--post-thaw", paramLabel = "CMD",
            description = "Shell command run after it, whatever happened, e.g. 'fsfreeze -u /data'.")
    private String postThaw;

    @Option(names = "--freeze-timeout", paramLabel = "SECONDS", defaultValue = "60",
            description = "Kill a pre-freeze or post-thaw command after this many seconds. Default: ${DEFAULT-VALUE}.")
    private int freezeTimeoutSeconds;

    @Option(names = "--tracker", paramLabel = "auto|scan", defaultValue = "auto",
            description = "How changes are found: auto traces the writes of block devices through the kernel's block "
                    + "tracepoints when run as root, and scans what it cannot trace; scan reads and compares every disk "
                    + "pass after pass. Default: ${DEFAULT-VALUE}.")
    private String tracker;

    @Option(names = "--trace-buffer-kb", paramLabel = "KB", defaultValue = "4096",
            description = "Per-CPU ring buffer of the agent's tracefs instance. Default: ${DEFAULT-VALUE}.")
    private int traceBufferKb;

    @Option(names = "--gap-scan-mb-per-s", paramLabel = "MB", defaultValue = "200",
            description = "Read rate (MiB/s) of the full scan compare that follows a gap in a disk's trace; 0 for "
                    + "no limit. Default: ${DEFAULT-VALUE}.")
    private int gapScanMbPerSecond;

    @Option(names = "--hash-refresh-mb-per-s", paramLabel = "MB", defaultValue = "16",
            description = "Read rate (MiB/s) at which a quiet traced disk's blocks sent in part are hashed whole, so "
                    + "that a gap's full compare (an agent restart) does not send them again; a disk busier than "
                    + "1/16 of it gets none; 0 for no refresh. Default: ${DEFAULT-VALUE}.")
    private int hashRefreshMbPerSecond;

    @Option(names = "--process-server", paramLabel = "HOST:PORT", converter = ServerAddressConverter.class,
            description = "Replicate to this process server's replication port instead of the one the configuration "
                    + "server names (a scale-out process server presenting the configuration server's certificate).")
    private ServerAddress processServer;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter err = spec.commandLine().getErr();
        if ((preFreeze == null) != (postThaw == null)) {
            err.println("--pre-freeze and --post-thaw go together: a freeze needs its thaw.");
            return ExitCodes.USAGE;
        }
        if (freezeTimeoutSeconds < 1) {
            err.println("--freeze-timeout must be at least 1 second");
            return ExitCodes.USAGE;
        }
        if (!tracker.equals("auto") && !tracker.equals("scan")) {
            err.println("--tracker is auto or scan, not " + tracker);
            return ExitCodes.USAGE;
        }
        if (gapScanMbPerSecond < 0) {
            err.println("--gap-scan-mb-per-s must be 0 or more");
            return ExitCodes.USAGE;
        }
        if (hashRefreshMbPerSecond < 0) {
            err.println("--hash-refresh-mb-per-s must be 0 or more");
            return ExitCodes.USAGE;
        }
        if (traceBufferKb < 1) {
            err.println("--trace-buffer-kb must be at least 1");
            return ExitCodes.USAGE;
        }
        DaemonSettings defaults = DaemonSettings.DEFAULT;
        DaemonSettings settings = new DaemonSettings(defaults.configurationInterval(), defaults.statusInterval(),
                defaults.bookmarkTick(), defaults.replication().withTrace(defaults.replication().trace()
                .withEnabled(tracker.equals("auto")).withBufferKb(traceBufferKb)
                .withGapScanBytesPerSecond((long) gapScanMbPerSecond << 20)
                .withRefreshBytesPerSecond((long) hashRefreshMbPerSecond << 20)));
        if (processServer != null) {
            settings = settings.withProcessServer(processServer);
        }
        Duration freezeTimeout = Duration.ofSeconds(freezeTimeoutSeconds);
        FreezeHooks hooks = preFreeze == null ? FreezeHooks.NONE
                : FreezeHooks.of(new HookCommand("pre-freeze", preFreeze, freezeTimeout),
                        new HookCommand("post-thaw", postThaw, freezeTimeout));

        OneLineLogFormat.install();
        AgentDaemon daemon;
        try {
            StateDirectory state = StateDirectory.registered(stateRoot);
            ServerTrust pinnedServer = state.serverTrust();
            daemon = new AgentDaemon(state, new HttpServerApi(state.identity(), pinnedServer), pinnedServer, hooks,
                    settings);
        } catch (StateException e) {
            err.println(e.getMessage());
            return ExitCodes.USAGE;
        }
        Thread shutdown = new Thread(daemon::close, "lifeboat-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdown);
        try {
            daemon.start();
        } catch (StateException e) {
            err.println(e.getMessage());
            return ExitCodes.USAGE;
        } catch (AgentRevokedException e) {
            err.println("The server " + e.getMessage() + ".");
            return ExitCodes.REFUSED;
        }
        String revoked = daemon.awaitStop();
        if (revoked != null) {
            err.println("The server " + revoked + ".");
            return ExitCodes.REFUSED;
        }
        return ExitCodes.OK;
    }
}
