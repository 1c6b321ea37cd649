package org.lifeboat.agent.profile;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.lifeboat.agent.disk.DiskProbe;
import org.lifeboat.agent.disk.DiskProblemException;
import org.lifeboat.agent.disk.LocalDisk;
import org.lifeboat.agent.tracking.trace.TraceSession;
import org.lifeboat.agent.tracking.trace.TraceSettings;
import org.lifeboat.agent.tracking.trace.TraceUnavailableException;
import org.lifeboat.protocol.sizing.ChurnLimits;

/**
 * Measures the churn of a machine's disks: one {@link TraceSession} per disk (the trace tracker's own,
 * in an instance named {@code lifeboat-profile-<disk>}) counting into a {@link DiskChurn}. Every
 * {@link #SYNC_EVERY} the sessions are synced so a lost event or a reconfigured trace is noted in the
 * report; a last sync at the end counts every write completed before it. Closing removes the instances.
 */
public final class ChurnProfiler implements AutoCloseable {

    public static final Duration SHORTEST = Duration.ofSeconds(10);
    public static final Duration LONGEST = Duration.ofDays(7);
    static final Duration SYNC_EVERY = Duration.ofSeconds(10);

    private record Traced(DiskChurn churn, TraceSession session) {
    }

    private final List<Traced> disks;
    private final TraceSettings settings;
    private final Instant startedAt;
    private final long startNanos;

    private ChurnProfiler(List<Traced> disks, TraceSettings settings, Instant startedAt, long startNanos) {
        this.disks = disks;
        this.settings = settings;
        this.startedAt = startedAt;
        this.startNanos = startNanos;
    }

    /**
     * Starts tracing every disk; writes completed from now on are counted.
     *
     * @param duration how long the profile will last ({@link ProfileDuration} checks the range)
     *
     * @throws CannotProfileException for the first disk that cannot be traced; none is traced then
     */
    public static ChurnProfiler start(List<Path> paths, Duration duration, TraceSettings settings)
            throws CannotProfileException {
        int minutes = (int) duration.toMinutes() + 1;
        List<Traced> traced = new ArrayList<>();
        Instant startedAt = Instant.now();
        long startNanos = System.nanoTime();
        try {
            for (Path path : paths) {
                LocalDisk disk = DiskProbe.probe(path);
                DiskChurn churn = new DiskChurn(path, disk.sizeBytes(), minutes, System::nanoTime);
                traced.add(new Traced(churn, TraceSession.open(settings, instanceName(path), path, churn)));
            }
        } catch (DiskProblemException | TraceUnavailableException e) {
            traced.forEach(t -> t.session().close());
            String path = paths.get(traced.size()).toString();
            throw new CannotProfileException("Cannot profile " + path + ": " + e.getMessage()
                    + (e.getMessage().endsWith(".") ? "" : "."), e);
        }
        return new ChurnProfiler(traced, settings, startedAt, startNanos);
    }

    /**
     * Counts until the duration is over or {@code stop} opens (Ctrl-C, SIGTERM), and reports what was
     * measured until then.
     */
    public ChurnReport run(Duration duration, CountDownLatch stop, String machine, long uplinkBytesPerSecond)
            throws InterruptedException {
        long deadline = startNanos + duration.toNanos();
        boolean stoppedEarly = false;
        while (true) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                break;
            }
            if (stop.await(Math.min(left, SYNC_EVERY.toNanos()), TimeUnit.NANOSECONDS)) {
                stoppedEarly = true;
                break;
            }
            sync();
        }
        sync();
        double elapsed = (System.nanoTime() - startNanos) / 1e9;
        return new ChurnReport(machine, startedAt, elapsed, stoppedEarly,
                disks.stream().map(d -> d.churn().profile(elapsed)).toList(), uplinkBytesPerSecond, ChurnLimits.ASR);
    }

    private void sync() throws InterruptedException {
        for (Traced disk : disks) {
            String gap = disk.session().sync(settings.drainTimeout());
            if (gap != null) {
                disk.churn().gap(gap);
            }
        }
    }

    @Override
    public void close() {
        disks.forEach(d -> d.session().close());
    }

    private static String instanceName(Path disk) {
        return "lifeboat-profile-" + disk.toString().replaceAll("[^A-Za-z0-9]", "_");
    }
}
