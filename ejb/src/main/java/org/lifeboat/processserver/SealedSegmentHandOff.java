package org.lifeboat.processserver;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;
import jakarta.annotation.PostConstruct;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.ApplicationScoped;
import org.lifeboat.connector.ReplicationSettings;
import org.lifeboat.connector.journal.SealedSegment;
import org.lifeboat.protecteditem.ProtectedDisk;
import org.lifeboat.shared.Settings;

/**
 * Decides who takes a sealed journal segment to Azure. The log applier runs beside this process
 * server, so a segment it reaches promptly goes once: straight into its seed disk, durable in Azure
 * from then on. One it has not reached within a window is uploaded to the {@code cache} container
 * instead, so that a slow or failing applier never keeps acknowledged data on local disk only for
 * long. Uploading every segment and then applying it had Azure Storage take every byte twice, which
 * held initial replication to a third of a plain upload's speed (docs/BENCHMARKS.md).
 *
 * <p>A segment the applier cannot take at once, because it still has uploaded segments of the disk to apply first,
 * does not wait for the window: once behind, the applier takes the disk's segments from the container until it has
 * caught up, and the RPO counts a segment as soon as the container holds it (docs/BENCHMARKS.md, stack-rpo).
 *
 * <p>Two windows, because the two phases want different things: during a disk's initial
 * replication there is no recovery point and no RPO yet, and throughput is what counts
 * ({@code -Dlifeboat.cache.initial-direct-apply-seconds}, default 60); afterwards each second a
 * segment waits adds to the RPO ({@code -Dlifeboat.cache.direct-apply-seconds}, default 2). Both
 * 0..3600, 0 sending everything through the container; both can be changed at run time as
 * attributes of {@code lifeboat:type=ProcessServer}.
 *
 * <p>The window bounds how long a segment stays on local disk only, whoever takes it: the applier takes one only
 * before its window ends, and gives back one it has not applied by then ({@link #directApplyUntil}), to be
 * uploaded and applied again from the container. Without that, a segment of small random writes taken straight
 * after a disk's initial replication stayed local for as long as its Put Pages took (9 MB at 0.35 MB/s: 25 s on
 * Azurite), the RPO's tail in docs/BENCHMARKS.md.
 *
 * <p>A stage claims a segment before it touches it, so the two never take the same one.
 */
@ApplicationScoped
public class SealedSegmentHandOff {

    static final String WINDOW_PROPERTY = "lifeboat.cache.direct-apply-seconds";
    static final String INITIAL_WINDOW_PROPERTY = "lifeboat.cache.initial-direct-apply-seconds";
    static final long MAX_WINDOW_SECONDS = 3600;
    private static final Logger LOG = Logger.getLogger(SealedSegmentHandOff.class.getName());

    @EJB
    private ApplierRoute route;

    private final Set<Path> claimed = ConcurrentHashMap.newKeySet();
    private Path cacheRoot;
    private volatile Duration window;
    private volatile Duration initialWindow;

    @PostConstruct
    void open() {
        cacheRoot = ReplicationSettings.fromConfig().cacheDirectory();
        window = configured(WINDOW_PROPERTY, 2);
        initialWindow = configured(INITIAL_WINDOW_PROPERTY, 60);
    }

    /** The sealed segments waiting on local disk, oldest first per disk. */
    public List<SealedSegment> waiting() {
        try {
            return SealedSegment.list(cacheRoot);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the sealed segments in " + cacheRoot, e);
        }
    }

    /**
     * Until when the log applier may write this sealed segment straight into its seed blob, if it may take it now:
     * before its window ends, and not when an applier near Azure applies this server's items ({@link ApplierRoute}).
     * A direct apply not finished by then gives the segment back to the upload worker.
     */
    public Optional<Instant> directApplyUntil(SealedSegment segment, ProtectedDisk disk, Instant now) {
        if (windowFor(disk).isZero() || route.applierOfThisServer().isPresent()) {
            return Optional.empty();
        }
        return windowEnd(segment, disk).filter(now::isBefore);
    }

    /**
     * Whether the upload worker should take the segment: the applier has had its chance, or it cannot take it at
     * once because it applies the disk's uploaded segments first ({@code applierBehind}: it applies in sequence
     * order, so waiting the window would only add to the RPO), or an applier near Azure applies this server's items
     * (every segment then goes through the cache container, at once).
     */
    public boolean dueForUpload(SealedSegment segment, ProtectedDisk disk, boolean applierBehind, Instant now) {
        Duration wait = windowFor(disk);
        if (wait.isZero() || applierBehind || route.applierOfThisServer().isPresent()) {
            return true;
        }
        return windowEnd(segment, disk).filter(end -> !end.isAfter(now)).isPresent(); // gone: applied meanwhile
    }

    /** The end of the segment's window, from its seal; empty when it is gone (applied or uploaded meanwhile). */
    private Optional<Instant> windowEnd(SealedSegment segment, ProtectedDisk disk) {
        try {
            return Optional.of(Files.getLastModifiedTime(segment.file()).toInstant().plus(windowFor(disk)));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + segment.file(), e);
        }
    }

    /** Takes the segment for one stage; false if the other stage has it or it is gone already. */
    public boolean claim(SealedSegment segment) {
        if (!claimed.add(segment.file())) {
            return false;
        }
        if (!Files.exists(segment.file())) {
            claimed.remove(segment.file());
            return false;
        }
        return true;
    }

    public void release(SealedSegment segment) {
        claimed.remove(segment.file());
    }

    public Duration window() {
        return window;
    }

    public Duration initialWindow() {
        return initialWindow;
    }

    /** Changes the window after initial replication until the server restarts (the JVM option lasts). */
    public void changeWindow(Duration newWindow) {
        window = checked(newWindow, WINDOW_PROPERTY);
    }

    /** Changes the window during initial replication until the server restarts. */
    public void changeInitialWindow(Duration newWindow) {
        initialWindow = checked(newWindow, INITIAL_WINDOW_PROPERTY);
    }

    private Duration windowFor(ProtectedDisk disk) {
        return disk.inInitialReplication() ? initialWindow : window;
    }

    private static Duration checked(Duration newWindow, String property) {
        if (newWindow.isNegative() || newWindow.toSeconds() > MAX_WINDOW_SECONDS) {
            throw new IllegalArgumentException("a direct-apply window must be 0.." + MAX_WINDOW_SECONDS
                    + " seconds, not " + newWindow.toSeconds());
        }
        LOG.info(() -> property + " is now " + newWindow.toSeconds() + " s until the server restarts (-D"
                + property + " lasts)");
        return newWindow;
    }

    private static Duration configured(String property, long defaultSeconds) {
        long seconds = Settings.number(property, defaultSeconds);
        if (seconds < 0 || seconds > MAX_WINDOW_SECONDS) {
            LOG.warning(() -> "-D" + property + "=" + seconds + " is outside 0.." + MAX_WINDOW_SECONDS
                    + " seconds; using " + defaultSeconds);
            return Duration.ofSeconds(defaultSeconds);
        }
        return Duration.ofSeconds(seconds);
    }
}
