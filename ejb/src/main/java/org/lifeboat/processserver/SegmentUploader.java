package org.lifeboat.processserver;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CancellationException;
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

    @Resource
    private ManagedThreadFactory threads;

    @EJB
    private SegmentCatalog catalog;

    @EJB
    private ReplicationEnabler replication;

    @Inject
    private CacheSegmentStore store;

    @EJB
    private ProcessServerMonitor monitor;

    @Inject
    private SealedSegmentHandOff handOff;

    private StageThreads stage;
    private final ThrottledWarning failure = new ThrottledWarning(LOG,
            "Uploading log segments failed; they wait in the local cache");

    @PostConstruct
    void start() {
        try {
            store.discardLocalCopiesBut(catalog.blobNames());
        } catch (IOException | RuntimeException e) {
            LOG.warning(() -> "Cannot tidy the local copies of uploaded segments: " + e);
        }
        stage = StageThreads.start(threads, this::uploadSealed, 1000, UPLOADS_IN_FLIGHT);
    }

    @PreDestroy
    void stop() {
        if (stage != null) {
            stage.stop();
        }
    }

    void uploadSealed() {
        List<SealedSegment> claimed = new ArrayList<>();
        List<Future<CacheSegmentStore.Uploaded>> inFlight = new ArrayList<>();
        try {
            Instant now = Instant.now();
            List<SealedSegment> due = new ArrayList<>();
            Map<String, Optional<ProtectedDisk>> disks = new HashMap<>(); // one lookup per disk, not per segment
            for (SealedSegment segment : handOff.waiting()) {
                Optional<ProtectedDisk> disk = stillNeeded(segment,
                        disks.computeIfAbsent(segment.diskId(), replication::disk));
                if (disk.isPresent() && handOff.dueForUpload(segment, disk.get(), now)) {
                    due.add(segment);
                }
            }
            for (int first = 0; first < due.size(); first += UPLOADS_IN_FLIGHT) {
                claimed.clear();
                inFlight.clear();
                for (SealedSegment segment : due.subList(first, Math.min(due.size(), first + UPLOADS_IN_FLIGHT))) {
                    if (handOff.claim(segment)) { // else the applier is writing it into the seed disk
                        claimed.add(segment);
                        inFlight.add(stage.workers().submit(() -> store.upload(segment)));
                    }
                }
                // a failure stops here: a disk's later segment is never recorded before an earlier one
                for (int i = 0; i < claimed.size(); i++) {
                    recordUploaded(claimed.get(i), inFlight.get(i).get());
                    handOff.release(claimed.get(i));
                }
            }
        } catch (ExecutionException e) {
            failure.failed(e.getCause() instanceof Exception cause ? cause : e);
        } catch (IOException | RuntimeException e) {
            failure.failed(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
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
        }
    }

    /** Drops what no longer needs uploading; the segment's disk for what does. */
    private Optional<ProtectedDisk> stillNeeded(SealedSegment segment, Optional<ProtectedDisk> disk)
            throws IOException {
        if (disk.isEmpty()) {
            LOG.info(() -> "Dropping segment " + segment.file().getFileName() + ": its disk no longer replicates");
            Files.deleteIfExists(segment.file());
            return Optional.empty();
        }
        if (disk.get().getAppliedSequence() >= segment.lastSequence()) {
            // applied before a crash kept the local file (or applied straight from it a moment ago)
            Files.deleteIfExists(segment.file());
            return Optional.empty();
        }
        return disk;
    }

    private void recordUploaded(SealedSegment segment, CacheSegmentStore.Uploaded uploaded) throws IOException {
        long sourceBytes = Files.size(segment.file());
        catalog.uploaded(uploaded.blobName(), segment.diskId(), segment.firstSequence(), segment.lastSequence(),
                segment.previousSequence(), uploaded.maxSourceTime(), uploaded.bytes());
        store.uploaded(segment, uploaded);
        monitor.uploaded(segment.diskId(), sourceBytes, uploaded.bytes());
    }
}
