package org.lifeboat.agent.tracking.trace;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * Traces one disk's completed writes through a tracefs instance of the agent's own, so that
 * nobody else's tracing is disturbed and a change to the global tracing cannot silently stop it.
 * <p>
 * Only completions are traced ({@code block:block_rq_complete} for request-based disks,
 * {@code block:block_bio_complete} for bio-based ones), filtered by the kernel to the disk's
 * dev_t and to non-reads, so a block is read only after its write completed. A reader thread
 * follows {@code trace_pipe} and hands each completed write to a {@link CompletedWrites}: the
 * tracker's {@link DirtyBlocks}, or the churn profiler's counters.
 * <p>
 * Why {@code trace_pipe} and not {@code trace_pipe_raw}: it merges the per-CPU buffers in
 * timestamp order, so a marker the agent writes into {@code trace_marker} comes out after every
 * event recorded before it, on any CPU; that is what makes {@link #sync} exact. The raw pipe
 * would need one marker per CPU and a binary decoder; at 20 MB/s of 4 KiB writes the text costs
 * about 5,000 short lines a second (see docs/BENCHMARKS.md, "Change tracking").
 */
public final class TraceSession implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(TraceSession.class.getName());
    private static final List<String> EVENTS = List.of("block_rq_complete", "block_bio_complete");
    private static final String MARKER = "lifeboat-mark ";

    private final Path instance;
    private final TracedDevice device;
    /** The traced disk's sysfs node ({@code /sys/dev/block/MAJOR:MINOR}), for its writes in flight. */
    private final Path deviceNode;
    private final CompletedWrites writes;
    private final String filter;
    private final String markerPrefix;
    private final Thread reader;
    private final Object progress = new Object();
    private long markersWritten;
    private long markerSeen;
    private String readerGap;
    private long lostBaseline;
    private volatile boolean closing;

    private TraceSession(Path instance, TracedDevice device, Path sysfs, CompletedWrites writes, String filter) {
        this.instance = instance;
        this.device = device;
        this.deviceNode = sysfs.resolve("dev/block/" + (device.devT() >>> 20) + ":" + (device.devT() & 0xfffff));
        this.writes = writes;
        this.filter = filter;
        this.markerPrefix = MARKER + ProcessHandle.current().pid() + "-" + System.nanoTime() + " ";
        this.reader = new Thread(this::follow, "lifeboat-trace-" + instance.getFileName());
        this.reader.setDaemon(true);
    }

    /**
     * Creates the instance (replacing one a crashed agent left), enables the completion events for
     * the disk and starts following them. Writes completed from now on are handed to {@code writes}
     * (from the session's reader thread), in sectors of the disk given.
     *
     * @param name       the instance's name, unique to the disk
     * @param bufferKb   per-CPU ring buffer size
     * @throws TraceUnavailableException why this disk cannot be traced: the agent scans it instead
     */
    public static TraceSession open(TraceSettings settings, String name, Path disk, CompletedWrites writes)
            throws TraceUnavailableException {
        if (!settings.enabled()) {
            throw new TraceUnavailableException("the scan tracker was chosen (--tracker scan)");
        }
        if (!isRoot()) {
            throw new TraceUnavailableException("the agent does not run as root");
        }
        TracedDevice device = TracedDevice.of(disk, settings.sysfs());
        Path tracefs = settings.tracefs();
        if (!Files.isDirectory(tracefs.resolve("instances"))) {
            mount(tracefs);
        }
        Path instance = tracefs.resolve("instances").resolve(name);
        // flushes carry no data (sector -1, 0 sectors)
        String filter = "dev == " + device.devT() + " && nr_sector > 0 && !(rwbs ~ \"R*\")";
        try {
            if (Files.isDirectory(instance)) {
                Files.delete(instance); // left by an agent that did not stop cleanly
            }
            Files.createDirectory(instance);
        } catch (IOException e) {
            throw new TraceUnavailableException("cannot create the tracefs instance " + instance + ": " + e, e);
        }
        TraceSession session = new TraceSession(instance, device, settings.sysfs(), writes, filter);
        try {
            write(instance.resolve("buffer_size_kb"), String.valueOf(settings.bufferKb()));
            for (String event : EVENTS) {
                write(session.event(event).resolve("filter"), filter);
                write(session.event(event).resolve("enable"), "1");
            }
            write(instance.resolve("tracing_on"), "1");
            session.lostBaseline = session.lostEvents();
        } catch (IOException e) {
            session.removeInstance();
            throw new TraceUnavailableException("cannot set up tracing in " + instance + ": " + e.getMessage(), e);
        }
        session.reader.start();
        return session;
    }

    public Path instance() {
        return instance;
    }

    /**
     * Writes a marker into the trace and waits until the reader reached it: every write that
     * completed before this call has then been handed over.
     *
     * @return null, or why a write could have been missed since the last sync (a gap)
     */
    public String sync(Duration timeout) throws InterruptedException {
        long marker;
        synchronized (progress) {
            marker = ++markersWritten;
        }
        try {
            write(instance.resolve("trace_marker"), markerPrefix + marker);
        } catch (IOException e) {
            return "cannot write a marker into " + instance + " (tracing off or the instance gone): "
                    + e.getMessage();
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (progress) {
            while (markerSeen < marker && readerGap == null) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return "the trace marker did not come through within " + timeout.toSeconds() + " s";
                }
                TimeUnit.NANOSECONDS.timedWait(progress, left);
            }
            if (readerGap != null) {
                return readerGap;
            }
        }
        return health();
    }

    /**
     * Write requests the traced disk has in flight now (sysfs {@code inflight}: issued, not yet completed), or -1
     * when the kernel does not count them (no such file, or I/O statistics switched off in {@code queue/iostats},
     * which leaves the count at 0). A 0 means every write issued before this call has completed.
     */
    public long writesInFlight() {
        try {
            if (!"1".equals(read(deviceNode.resolve("queue/iostats")))) {
                return -1;
            }
            String[] counts = read(deviceNode.resolve("inflight")).split("\\s+");
            return Long.parseLong(counts[1]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** Stops following and removes the instance. */
    @Override
    public void close() {
        closing = true;
        try {
            write(instance.resolve("trace_marker"), markerPrefix + "close"); // wakes the reader
        } catch (IOException e) {
            LOG.fine(() -> "Waking the trace reader: " + e.getMessage());
        }
        reader.interrupt();
        try {
            reader.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        removeInstance();
    }

    /** Why the trace could have missed a write, or null: someone else reconfigured it, or its buffer overran. */
    private String health() {
        try {
            for (String event : EVENTS) {
                String enabled = read(event(event).resolve("enable"));
                if (!"1".equals(enabled)) {
                    return "the event " + event + " was disabled in " + instance + " by someone else";
                }
                String current = read(event(event).resolve("filter"));
                if (!filter.equals(current)) {
                    return "the filter of " + event + " in " + instance + " was changed by someone else (" + current + ")";
                }
            }
            if (!"1".equals(read(instance.resolve("tracing_on")))) {
                return "tracing was switched off in " + instance + " by someone else";
            }
            long lost = lostEvents();
            if (lost > lostBaseline) {
                long count = lost - lostBaseline;
                lostBaseline = lost;
                return count + " trace events were lost (ring buffer overrun)";
            }
            return null;
        } catch (IOException e) {
            return "cannot check " + instance + ": " + e.getMessage();
        }
    }

    /** Events overwritten or dropped before they were read, summed over the CPUs (per_cpu/cpuN/stats). */
    private long lostEvents() throws IOException {
        long lost = 0;
        try (DirectoryStream<Path> cpus = Files.newDirectoryStream(instance.resolve("per_cpu"), "cpu*")) {
            for (Path cpu : cpus) {
                for (String line : Files.readAllLines(cpu.resolve("stats"))) {
                    if (line.startsWith("overrun:") || line.startsWith("dropped events:")) {
                        lost += Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
                    }
                }
            }
        }
        return lost;
    }

    private void follow() {
        try (BufferedReader pipe = new BufferedReader(new InputStreamReader(
                Files.newInputStream(instance.resolve("trace_pipe")), StandardCharsets.US_ASCII), 1 << 16)) {
            String line;
            while (!closing && (line = pipe.readLine()) != null) {
                TraceEvent event = TraceEvent.parse(line);
                switch (event.kind()) {
                    case WRITE -> writes.written(event.sector() - device.startSector(), event.sectors());
                    case MARKER -> marker(event.text());
                    case LOST -> readerFailed("trace events were lost: " + event.text());
                    default -> { }
                }
            }
            if (!closing) {
                readerFailed("the trace pipe of " + instance + " ended");
            }
        } catch (IOException | RuntimeException e) {
            if (!closing) {
                readerFailed("reading the trace pipe of " + instance + " failed: " + e);
            }
        }
    }

    private void marker(String text) {
        if (!text.startsWith(markerPrefix)) {
            return; // someone else's marker, or one of a previous session
        }
        String number = text.substring(markerPrefix.length());
        if (!number.chars().allMatch(Character::isDigit) || number.isEmpty()) {
            return;
        }
        synchronized (progress) {
            markerSeen = Math.max(markerSeen, Long.parseLong(number));
            progress.notifyAll();
        }
    }

    private void readerFailed(String reason) {
        synchronized (progress) {
            if (readerGap == null) {
                readerGap = reason;
            }
            progress.notifyAll();
        }
    }

    private Path event(String name) {
        return instance.resolve("events/block").resolve(name);
    }

    private void removeInstance() {
        try {
            for (String event : EVENTS) {
                write(event(event).resolve("enable"), "0");
            }
        } catch (IOException e) {
            LOG.fine(() -> "Disabling tracing in " + instance + ": " + e.getMessage());
        }
        try {
            Files.deleteIfExists(instance);
        } catch (IOException e) {
            LOG.warning(() -> "Cannot remove the tracefs instance " + instance + ": " + e.getMessage());
        }
    }

    /** Read to the end: tracefs files report sizes that are not their content's (Files.readString got one byte). */
    private static String read(Path file) throws IOException {
        try (var in = Files.newInputStream(file)) {
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII).trim();
        }
    }

    private static void write(Path file, String text) throws IOException {
        Files.writeString(file, text + "\n", StandardCharsets.US_ASCII);
    }

    private static boolean isRoot() {
        try {
            return ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0;
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }

    private static void mount(Path tracefs) throws TraceUnavailableException {
        try {
            Process mount = new ProcessBuilder("mount", "-t", "tracefs", "nodev", tracefs.toString())
                    .redirectErrorStream(true).start();
            String output = new String(mount.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (!mount.waitFor(10, TimeUnit.SECONDS) || mount.exitValue() != 0
                    || !Files.isDirectory(tracefs.resolve("instances"))) {
                throw new TraceUnavailableException("tracefs is not mounted at " + tracefs + " and cannot be: " + output);
            }
            LOG.info(() -> "Mounted tracefs at " + tracefs + ".");
        } catch (IOException e) {
            throw new TraceUnavailableException("tracefs is not mounted at " + tracefs + " and cannot be: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TraceUnavailableException("interrupted while mounting tracefs", e);
        }
    }
}
