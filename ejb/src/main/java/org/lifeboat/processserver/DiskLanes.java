package org.lifeboat.processserver;

import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Works on each disk of a stage on its own: disks side by side, up to one per lane, so a disk whose
 * Azure calls hang for minutes in the SDK's retries holds one lane, not the stage; a disk that fails
 * waits out its back-off ({@link DiskBackOff}) while the others go on. Its item shows the failure
 * ({@link StageFailures}) until the disk gets through again.
 */
final class DiskLanes {

    private static final Logger LOG = Logger.getLogger(DiskLanes.class.getName());

    /** One disk's part of a round. */
    @FunctionalInterface
    interface DiskWork {
        void run() throws Exception;
    }

    private final Stage stage;
    private final ExecutorService lanes;
    private final int count;
    private final DiskBackOff backOff;
    private final ThrottledWarning warning;
    private final Set<String> busy = ConcurrentHashMap.newKeySet();
    private final Map<String, Long> lastTurn = new ConcurrentHashMap<>();
    private final AtomicLong turns = new AtomicLong();

    DiskLanes(Stage stage, ExecutorService lanes, int count, DiskBackOff backOff) {
        this.stage = stage;
        this.lanes = lanes;
        this.count = count;
        this.backOff = backOff;
        this.warning = new ThrottledWarning(LOG, stage.doing() + " failed for disk ");
    }

    /** Starts the disk's work in a free lane, unless the disk is at work already or waits out a failure. */
    void offer(String diskId, DiskWork work) {
        if (busy.size() >= count || !backOff.due(diskId, Instant.now()) || !busy.add(diskId)) {
            return;
        }
        try {
            lanes.execute(() -> run(diskId, work));
        } catch (RejectedExecutionException e) {
            busy.remove(diskId); // stopping
        }
    }

    /**
     * The disks with work, the one served longest ago first: with more busy disks than lanes, the same
     * few would otherwise take the lanes at every round. Disks with nothing left to do have nothing left
     * to fail: their failures are forgotten.
     */
    List<String> turnOrder(Collection<String> disksWithWork) {
        backOff.all().keySet().stream().filter(disk -> !disksWithWork.contains(disk) && !busy.contains(disk))
                .forEach(this::recovered);
        lastTurn.keySet().retainAll(disksWithWork);
        return disksWithWork.stream().sorted(Comparator.comparingLong(disk -> lastTurn.getOrDefault(disk, 0L)))
                .toList();
    }

    private void run(String diskId, DiskWork work) {
        lastTurn.put(diskId, turns.incrementAndGet());
        try {
            work.run();
            recovered(diskId);
        } catch (Throwable e) { // NOPMD: one disk's failure, whatever it is, is that disk's alone
            DiskBackOff.Failure failure = backOff.failed(diskId, StageFailures.reason(e), Instant.now());
            if (failure.attempts() == StageFailures.REPORTED_AFTER) {
                LOG.log(Level.WARNING, stage.doing() + " failed for disk " + diskId + " " + failure.attempts()
                        + " times in a row; retrying with back-off: " + failure.reason(), e);
            } else {
                warning.failed(diskId, e);
            }
        } finally {
            busy.remove(diskId);
        }
    }

    private void recovered(String diskId) {
        backOff.failure(diskId).ifPresent(failure -> {
            if (backOff.recovered(diskId) && failure.attempts() >= StageFailures.REPORTED_AFTER) {
                LOG.info(() -> stage.doing() + " works again for disk " + diskId + " after " + failure.attempts()
                        + " failures since " + failure.since());
            }
        });
    }
}
