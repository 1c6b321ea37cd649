package org.lifeboat.processserver;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.logging.Logger;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.ejb.EJB;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.inject.Inject;
import org.lifeboat.connector.journal.SealedSegment;
import org.lifeboat.protecteditem.ProtectedDisk;
import org.lifeboat.protecteditem.ProtectedItem;
import org.lifeboat.protecteditem.ReplicationEnabler;

/**
 * The process server's upload worker: ships each sealed journal segment that the log applier has not
 * taken straight into its seed disk ({@link SealedSegmentHandOff}), compressed and encrypted, to the
 * {@code cache} container, records it, and only then lets go of the local file (kept for the log
 * applier while there is room, see {@link LocalSegmentCopies}). While Azure Storage is unreachable
 * the segments wait on local disk and the agents' records stay acknowledged. Up to
 * {@value #UPLOADS_IN_FLIGHT} segments go up at once, but they are recorded in each disk's sequence
 * order: the applier takes a disk's next recorded segment as the next one to apply.
 */
@Singleton
@Startup
public class SegmentUploader {

    private static final Logger LOG = Logger.getLogger(SegmentUploader.class.getName());
    static final int UPLOADS_IN_FLIGHT = 2;
    /**
     * Disks uploaded at once. Each upload holds its segment (up to 16 MiB) twice in memory; two lanes
     * (4 uploads, 128 MiB) were in the build whose heap after GC reached 302 MiB in ReplicationPortLimitsIT
     * (165 MiB in another run; what held it was not pinned down), so uploads keep the 2-at-a-time bound
     * measured safe before. A failing
     * disk is still skipped while it backs off; one whose uploads hang holds the uploads of the others
     * (the log applier, the main route, has lanes of its own).
     */
    static final int LANES = 1;

    @Resource
    private ManagedThreadFactory threads;

    @EJB
    private SegmentRepository catalog;

    @EJB
    private ReplicationEnabler replication;

    @Inject
    private CacheSegmentStore store;

    @EJB
    private ProcessServerMonitor monitor;

    @Inject
    private SealedSegmentHandOff handOff;

    @Inject
    private StageFailures failures;

    @Inject
    private DurabilityNotices durability;

    @Inject
    private UploadsFirst uploadsFirst;

    private volatile StageThreads stage;

    /** Disks in this journal whose items another process server holds, with that owner and epoch: warned once each. */
    private final Map<String, String> notOwned = new ConcurrentHashMap<>();

    @PostConstruct
    void start() {
        try {
            store.discardLocalCopiesBut(catalog.blobNames());
        } catch (IOException | RuntimeException e) {
            LOG.warning(() -> "Cannot tidy the local copies of uploaded segments: " + e);
        }
        stage = StageThreads.start(threads, Stage.UPLOAD, failures.of(Stage.UPLOAD), this::uploadSealed, 1000, LANES,
                UPLOADS_IN_FLIGHT);
    }

    @PreDestroy
    void stop() {
        if (stage != null) {
            stage.stop();
        }
    }

    /** Hands each disk with sealed segments to its lane; a disk fails, and waits, on its own. */
    void uploadSealed() {
        Map<String, List<SealedSegment>> byDisk = new LinkedHashMap<>();
        for (SealedSegment segment : handOff.waiting()) {
            byDisk.computeIfAbsent(segment.diskId(), d -> new ArrayList<>()).add(segment);
        }
        DiskLanes lanes = stage.lanes();
        for (String diskId : lanes.turnOrder(byDisk.keySet())) {
            lanes.offer(diskId, () -> uploadDisk(diskId, byDisk.get(diskId)));
        }
    }

    /**
     * Uploads the disk's due segments, {@value #UPLOADS_IN_FLIGHT} at a time, recorded in sequence
     * order: a failure stops the disk here, so a later segment is never recorded before an earlier one.
     */
    private void uploadDisk(String diskId, List<SealedSegment> waiting) throws Exception {
        Optional<ProtectedDisk> disk = replication.disk(diskId);
        Instant now = Instant.now();
        // the applier applies in sequence order: with an uploaded segment still to apply it cannot take these at once
        boolean applierBehind = disk.isPresent() && catalog.next(diskId, disk.get().getAppliedSequence()).isPresent();
        disk.ifPresent(d -> warnIfNotOwned(d, waiting));
        List<SealedSegment> due = new ArrayList<>();
        for (SealedSegment segment : waiting) {
            if (stillNeeded(segment, disk) && handOff.dueForUpload(segment, disk.get(), applierBehind, now)) {
                due.add(segment);
            }
        }
        if (due.isEmpty()) {
            return;
        }
        List<SealedSegment> claimed = new ArrayList<>();
        List<Future<CacheSegmentStore.Uploaded>> inFlight = new ArrayList<>();
        uploadsFirst.uploading(diskId);
        try {
            for (int first = 0; first < due.size(); first += UPLOADS_IN_FLIGHT) {
                claimed.clear();
                inFlight.clear();
                for (SealedSegment segment : due.subList(first, Math.min(due.size(), first + UPLOADS_IN_FLIGHT))) {
                    if (handOff.claim(segment)) { // else the applier is writing it into the seed disk
                        claimed.add(segment);
                        inFlight.add(stage.workers().submit(() -> timedUpload(segment)));
                    }
                }
                for (int i = 0; i < claimed.size(); i++) {
                    recordUploaded(claimed.get(i), uploaded(inFlight.get(i)));
                    handOff.release(claimed.get(i));
                }
            }
        } finally {
            // nothing of this round may still be uploading when the next one lists the folder
            for (Future<?> upload : inFlight) {
                try {
                    upload.get();
                } catch (ExecutionException | CancellationException e) {
                    // already reported, or reported by the next round
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            claimed.forEach(handOff::release);
            uploadsFirst.uploadsDone(diskId);
        }
    }

    /** The upload, timed: how long the segment waited since its journal's last write, packing it, putting it. */
    private CacheSegmentStore.Uploaded timedUpload(SealedSegment segment) throws IOException {
        Instant start = Instant.now();
        long waited = Math.max(0, start.toEpochMilli() - Files.getLastModifiedTime(segment.file()).toMillis());
        CacheSegmentStore.Uploaded uploaded = store.upload(segment);
        monitor.uploadTimed(waited, uploaded.packMillis(), uploaded.putMillis());
        LOG.fine(() -> "Uploaded " + segment.file().getFileName() + " (" + uploaded.bytes() + " bytes): waited "
                + waited + " ms since its last journal write, packed in " + uploaded.packMillis() + " ms, put in "
                + uploaded.putMillis() + " ms");
        return uploaded;
    }

    /**
     * A journal may hold segments of a disk whose item is assigned elsewhere now: received before a switch, or a
     * server restarted with its old home after its items were re-homed. Said once per disk and owner, since
     * nothing else here tells why they are not applied: the log applier leaves a disk it does not hold alone.
     */
    private void warnIfNotOwned(ProtectedDisk disk, List<SealedSegment> waiting) {
        ProtectedItem item = disk.getItem();
        String me = ProcessServerName.current();
        if (item.getProcessServer().equals(me)) {
            notOwned.remove(disk.getId());
            return;
        }
        String owner = item.getProcessServer() + "@" + item.getAssignmentEpoch();
        if (!owner.equals(notOwned.put(disk.getId(), owner))) {
            LOG.warning(() -> notOwnedWarning(disk.getId(), item.getName(), item.getProcessServer(),
                    item.getAssignmentEpoch(), me, disk.getAppliedSequence(), waiting));
        }
    }

    /** What happens to the segments of a disk this server does not hold (as {@link #uploadDisk} does it). */
    static String notOwnedWarning(String diskId, String item, String owner, long epoch, String me, long applied,
                                  List<SealedSegment> waiting) {
        long past = waiting.stream().filter(s -> s.lastSequence() <= applied).count();
        return "Disk " + diskId + " of '" + item + "' is assigned to process server '" + owner + "' at epoch " + epoch
                + ", not to this one ('" + me + "'): this server does not apply it or write its seed blob; of the "
                + waiting.size() + " segment(s) of it in this server's journal, " + past + " are deleted ('" + owner
                + "' applied up to sequence " + applied + ", past them) and " + (waiting.size() - past)
                + " are uploaded to the cache container, where the owner's applier applies them in sequence order or "
                + "drops them once it is past them";
    }

    private static CacheSegmentStore.Uploaded uploaded(Future<CacheSegmentStore.Uploaded> upload) throws Exception {
        try {
            return upload.get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
    }

    /** Drops what no longer needs uploading; true for what does. */
    private static boolean stillNeeded(SealedSegment segment, Optional<ProtectedDisk> disk) throws IOException {
        if (disk.isEmpty()) {
            LOG.info(() -> "Dropping segment " + segment.file().getFileName() + ": its disk no longer replicates");
            Files.deleteIfExists(segment.file());
            return false;
        }
        if (disk.get().getAppliedSequence() >= segment.lastSequence()) {
            // applied before a crash kept the local file (or applied straight from it a moment ago)
            Files.deleteIfExists(segment.file());
            return false;
        }
        return true;
    }

    private void recordUploaded(SealedSegment segment, CacheSegmentStore.Uploaded uploaded) throws IOException {
        long sourceBytes = Files.size(segment.file());
        monitor.madeDurable(segment.file(), uploaded.maxSourceTime());
        catalog.uploaded(uploaded.blobName(), segment.diskId(), segment.firstSequence(), segment.lastSequence(),
                segment.previousSequence(), uploaded.maxSourceTime(), uploaded.bytes());
        store.uploaded(segment, uploaded);
        monitor.uploaded(segment.diskId(), sourceBytes, uploaded.bytes());
        durability.madeDurable(segment.diskId());
    }
}
