package org.lifeboat.processserver;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import org.lifeboat.shared.Settings;

/**
 * The RPO before recovery points: while the upload worker ships a disk's sealed segments to the {@code cache}
 * container, the log applier starts no Put Page of that disk's segments from the container (it lets the ones in
 * flight finish). An upload is what makes a write durable in Azure (the RPO), the applier's writes only bring
 * recovery points forward, and both go to one storage account: on this machine's Azurite the applier's 4 KiB Put
 * Pages held each upload of a segment for seconds (docs/BENCHMARKS.md, stack-rpo). A pause lasts at most
 * {@link #LONGEST_PAUSE}; after one that ran out the applier writes as long again unpaused, so a disk whose uploads
 * never stop still gets half the applier's time and its recovery points still advance.
 *
 * <p>On by default ({@code -Dlifeboat.cache.uploads-first}); settable at run time as the {@code UploadsFirst}
 * attribute of {@code lifeboat:type=ProcessServer}.
 */
@ApplicationScoped
public class UploadsFirst {

    static final String PROPERTY = "lifeboat.cache.uploads-first";
    static final Duration LONGEST_PAUSE = Duration.ofSeconds(2);
    private static final Logger LOG = Logger.getLogger(UploadsFirst.class.getName());

    private final Set<String> uploading = new HashSet<>(); // guarded by this
    private final AtomicLong pausedNanos = new AtomicLong();
    private final long longestPauseNanos;
    private volatile boolean on = true;

    public UploadsFirst() {
        this(LONGEST_PAUSE);
    }

    UploadsFirst(Duration longestPause) {
        this.longestPauseNanos = longestPause.toNanos();
    }

    @PostConstruct
    void open() {
        on = Settings.flag(PROPERTY, true);
    }

    /** The upload worker starts uploading segments of the disk, until {@link #uploadsDone}. */
    synchronized void uploading(String diskId) {
        uploading.add(diskId);
    }

    synchronized void uploadsDone(String diskId) {
        if (uploading.remove(diskId)) {
            notifyAll();
        }
    }

    /** One turn of the applier on a disk, for the pauses before its writes from the cache container. */
    Turn turn(String diskId) {
        return new Turn(diskId);
    }

    public boolean on() {
        return on;
    }

    /** Until the server restarts (the JVM option lasts). */
    public void change(boolean uploadsFirst) {
        on = uploadsFirst;
        LOG.info(() -> PROPERTY + " is now " + uploadsFirst + " until the server restarts (-D" + PROPERTY + " lasts)");
    }

    /** The applier's time paused for uploads since the server started. */
    public long pausedMillis() {
        return TimeUnit.NANOSECONDS.toMillis(pausedNanos.get());
    }

    final class Turn {

        private final String diskId;
        private boolean unpaused;
        private long unpausedUntil;

        private Turn(String diskId) {
            this.diskId = diskId;
        }

        /** Before a Put Page from the cache container: waits while the disk's uploads are under way, within bounds. */
        void beforeWrite() {
            if (!on) {
                return;
            }
            long now = System.nanoTime();
            if (unpaused && now - unpausedUntil < 0) {
                return;
            }
            unpaused = false;
            boolean ranOut = !awaitNoUploads(diskId, now + longestPauseNanos);
            long end = System.nanoTime();
            pausedNanos.addAndGet(end - now);
            if (ranOut) {
                unpaused = true;
                unpausedUntil = end + longestPauseNanos;
            }
        }
    }

    /** False if the disk's uploads were still under way at the deadline. */
    private synchronized boolean awaitNoUploads(String diskId, long deadline) {
        while (uploading.contains(diskId)) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            try {
                TimeUnit.NANOSECONDS.timedWait(this, left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt(); // stopping: write on, the lane ends soon
                return true;
            }
        }
        return true;
    }
}
