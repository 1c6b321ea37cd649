package org.lifeboat.processserver;

import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.ejb.EJB;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.inject.Inject;
import org.lifeboat.protecteditem.ProtectedDisk;
import org.lifeboat.protecteditem.ReplicationEnabler;
import org.lifeboat.protecteditem.SeedBlobStore;
import org.lifeboat.protocol.BookmarkRecord;
import org.lifeboat.protocol.ChangeRecord;
import org.lifeboat.protocol.DataRecord;
import org.lifeboat.recoverypoint.RecoveryPoints;
import org.lifeboat.seeddisk.SeedDiskBlob;

/**
 * The log processor: applies each disk's uploaded segments, in sequence order, to its seed page blob.
 * At a bookmark, with everything before it applied, it snapshots the blob for the recovery point.
 * Applying is idempotent, so after a crash a segment is simply applied again.
 */
@Singleton
@Startup
public class LogApplier {

    private static final Logger LOG = Logger.getLogger(LogApplier.class.getName());

    @Resource
    private ManagedScheduledExecutorService scheduler;

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

    private ScheduledFuture<?> task;
    private final ThrottledWarning failure = new ThrottledWarning(LOG, "Applying log segments failed; retrying");

    @PostConstruct
    void start() {
        task = scheduler.scheduleWithFixedDelay(this::applyPending, 1500, 250, TimeUnit.MILLISECONDS);
    }

    @PreDestroy
    void stop() {
        if (task != null) {
            task.cancel(false);
        }
    }

    void applyPending() {
        try {
            for (String diskId : catalog.disksWithWork()) {
                Optional<ProtectedDisk> disk = replication.disk(diskId);
                if (disk.isEmpty()) {
                    catalog.forget(diskId);
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
        for (ChangeRecord record : store.records(segment)) {
            newest = Math.max(newest, record.sourceTimeMillis());
            if (record.sequence() <= applied) {
                continue;
            }
            if (record instanceof DataRecord data) {
                writer.write(data.offset(), data.data());
            } else if (record instanceof BookmarkRecord bookmark) {
                String item = disk.getItem().getName();
                if (!recoveryPoints.hasSnapshot(item, bookmark.bookmarkId(), disk.getId())) {
                    recoveryPoints.diskReachedBookmark(item, disk.getItem().getDisks().size(), bookmark.bookmarkId(),
                            bookmark.consistency(), Instant.ofEpochMilli(bookmark.sourceTimeMillis()), disk.getId(),
                            writer.snapshot());
                }
            }
        }
        return newest == 0 ? null : Instant.ofEpochMilli(newest);
    }
}
