package org.lifeboat.agent.cli;

import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.lifeboat.agent.profile.CannotProfileException;
import org.lifeboat.agent.profile.ChurnProfiler;
import org.lifeboat.agent.profile.ChurnReport;
import org.lifeboat.agent.profile.ProfileDuration;
import org.lifeboat.agent.tracking.trace.TraceSettings;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Measures the disks' churn for a while and says whether the machine fits ASR-like limits and what it
 * needs (no registration, no server). Ctrl-C or SIGTERM ends it early with what was measured so far.
 */
@Command(name = "profile",
        description = "Measure each disk's churn (writes) through the kernel's block tracepoints and report "
                + "average and peak MB/s, write sizes, the share of the disk touched, whether it fits, and the "
                + "process servers, cache, bandwidth and RPO to expect. Needs root; no registration.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            ExitCodes.OK + ":the report was printed (also after Ctrl-C)",
            ExitCodes.USAGE + ":invalid arguments, or a disk that cannot be traced (not a block device, not root)"})
final class ProfileCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--disk", required = true, paramLabel = "DEVICE",
            description = "A block device to profile, e.g. /dev/sda; repeat for each disk of the machine.")
    private List<Path> disks;

    @Option(names = "--duration", paramLabel = "TIME", defaultValue = "1h",
            description = "How long to measure: 10s to 7d, e.g. 1h, 30m, 1h30m. Default: ${DEFAULT-VALUE}.")
    private String duration;

    @Option(names = "--json", description = "Print the report as JSON: what PUT /api/v1/profiles/{machine} takes.")
    private boolean json;

    @Option(names = "--machine", paramLabel = "NAME", description = "The machine's name in the report. Default: the host name.")
    private String machine;

    @Option(names = "--uplink-mbps", paramLabel = "MBIT", defaultValue = "0",
            description = "The machine's upload bandwidth to Azure in Mbit/s, for the RPO estimate; "
                    + "0 assumes the bandwidth the report recommends.")
    private long uplinkMbps;

    @Option(names = "--trace-buffer-kb", paramLabel = "KB", defaultValue = "4096",
            description = "Per-CPU ring buffer of each disk's tracefs instance. Default: ${DEFAULT-VALUE}.")
    private int traceBufferKb;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Duration length;
        try {
            length = ProfileDuration.parse(duration);
        } catch (IllegalArgumentException e) {
            err.println("--duration: " + e.getMessage() + ".");
            return ExitCodes.USAGE;
        }
        if (uplinkMbps < 0 || traceBufferKb < 1) {
            err.println(uplinkMbps < 0 ? "--uplink-mbps must be 0 or more." : "--trace-buffer-kb must be at least 1.");
            return ExitCodes.USAGE;
        }
        if (disks.stream().distinct().count() != disks.size()) {
            err.println("--disk: each disk once.");
            return ExitCodes.USAGE;
        }
        String name = machine;
        if (name == null) {
            try {
                name = InetAddress.getLocalHost().getHostName();
            } catch (UnknownHostException e) {
                err.println("Cannot tell this machine's host name (" + e.getMessage() + "); give --machine.");
                return ExitCodes.USAGE;
            }
        }
        TraceSettings settings = TraceSettings.DEFAULT.withBufferKb(traceBufferKb);
        CountDownLatch stop = new CountDownLatch(1);
        CountDownLatch reported = new CountDownLatch(1);
        // Ctrl-C or SIGTERM: report what was measured so far and remove the tracefs instances before the JVM ends
        Thread onSignal = new Thread(() -> {
            stop.countDown();
            try {
                reported.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "lifeboat-profile-stop");
        Runtime.getRuntime().addShutdownHook(onSignal);
        try (ChurnProfiler profiler = ChurnProfiler.start(disks, length, settings)) {
            if (!json) {
                err.printf("Profiling %s for %s (Ctrl-C ends it early with what was measured).%n", disks, duration);
                err.flush();
            }
            ChurnReport report = profiler.run(length, stop, name, uplinkMbps * 1_000_000 / 8);
            if (json) {
                out.println(report.toJson());
                out.flush();
            } else {
                report.printText(out);
            }
            return ExitCodes.OK;
        } catch (CannotProfileException e) {
            err.println(e.getMessage());
            return ExitCodes.USAGE;
        } finally {
            reported.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(onSignal);
            } catch (IllegalStateException e) {
                // the JVM is shutting down (the signal): the hook is running and now returns
            }
        }
    }
}
