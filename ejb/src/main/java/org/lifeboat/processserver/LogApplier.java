package org.lifeboat.processserver;

import java.time.Instant;
import java.util.Optional;
import java.util.logging.Logger;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.ejb.EJB;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.inject.Inject;
import org.lifeboat.protecteditem.ProtectedDisk;
import org.lifeboat.protecteditem.ReplicationEnabler;
import org.lifeboat.protecteditem.SeedBlobStore;
import org.lifeboat.protocol.BookmarkRecord;
import org.lifeboat.protocol.ChangeRecord;
import org.lifeboat.protocol.DataRecord;
import org.lifeboat.recoverypoint.RecoveryPoints;
import org.lifeboat.seeddisk.ConcurrentPageWrites;
import org.lifeboat.seeddisk.SeedDiskBlob;

/**
 * The log processor: applies each disk's uploaded segments, in sequence order, to its seed page blob.
 * At a bookmark, with everything before it applied, it snapshots the blob for the recovery point.
 * Applying is idempotent, so after a crash a segment is simply applied again. Up to
 * {@value #WRITES_IN_FLIGHT} Put Page calls run at once (measured: one at a time left Azure Storage
 * waiting on round trips); writes that overlap keep their order.
 */
@Singleton
@Startup
public class LogApplier {

    private static final Logger LOG = Logger.getLogger(LogApplier.class.getName());
    static final int WRITES_IN_FLIGHT = 4;

    @Resource
    private ManagedThreadFactory threads;

    @EJB
    private SegmentCatalog catalog;

    @EJB
    private ReplicationEnabler replication;

    @EJB
    private RecoveryPoints recoveryPoints;

    @Inject
    private CacheSegmentStore store;

    @EJB
    private ProcessServerMonitor monitor;

    @Inject
    private SeedBlobStore seeds;

    private StageThreads stage;
    private final ThrottledWarning failure = new ThrottledWarning(LOG, "Applying log segments failed; retrying");

    @PostConstruct
    void start() {
        stage = StageThreads.start(threads, this::applyPending, 1500, WRITES_IN_FLIGHT);
    }

    @PreDestroy
    void stop() {
        if (stage != null) {
            stage.stop();
        }
    }

    void applyPending() {
        try {
            for (String diskId : catalog.disksWithWork()) {
                Optional<ProtectedDisk> disk = replication.disk(diskId);
                if (disk.isEmpty()) {
                    catalog.forget(diskId).forEach(store::delete);
                    continue;
                }
                applyAvailable(disk.get());
            }
        } catch (RuntimeException e) {
            failure.failed(e);
        }
    }

    private void applyAvailable(ProtectedDisk disk) {
        long applied = disk.getAppliedSequence();
        for (Optional<CacheSegment> next = catalog.next(disk.getId(), applied); next.isPresent();
             next = catalog.next(disk.getId(), applied)) {
            // the uploader records a disk's segments strictly in order, so the next one is never missing
            CacheSegment segment = next.get();
            Instant sourceTime = apply(disk, segment, applied);
            catalog.applied(segment, sourceTime);
            store.delete(segment.getBlobName());
            monitor.applied();
            applied = segment.getLastSequence();
        }
    }

    private Instant apply(ProtectedDisk disk, CacheSegment segment, long applied) {
        SeedDiskBlob writer = seeds.blob(disk.getSeedBlobName(), disk.getSizeBytes());
        long newest = 0;
        try (ConcurrentPageWrites writes = new ConcurrentPageWrites(writer::write, stage.workers(), WRITES_IN_FLIGHT)) {
            for (ChangeRecord record : store.records(segment)) {
                newest = Math.max(newest, record.sourceTimeMillis());
                if (record.sequence() <= applied) {
                    continue;
                }
                if (record instanceof DataRecord data) {
                    writes.write(data.offset(), data.data());
                } else if (record instanceof BookmarkRecord bookmark) {
                    writes.drain();
                    snapshot(disk, bookmark, writer);
                }
            }
            writes.drain();
        }
        return newest == 0 ? null : Instant.ofEpochMilli(newest);
    }

    private void snapshot(ProtectedDisk disk, BookmarkRecord bookmark, SeedDiskBlob writer) {
        String item = disk.getItem().getName();
        if (!recoveryPoints.hasSnapshot(item, bookmark.bookmarkId(), disk.getId())) {
            recoveryPoints.diskReachedBookmark(item, disk.getItem().getDisks().size(), bookmark.bookmarkId(),
                    bookmark.consistency(), Instant.ofEpochMilli(bookmark.sourceTimeMillis()), disk.getId(),
                    writer.snapshot());
        }
    }
}
