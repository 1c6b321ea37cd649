package org.lifeboat.processserver;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
import org.lifeboat.connector.ReplicationSettings;
import org.lifeboat.connector.journal.SealedSegment;
import org.lifeboat.protecteditem.ProtectedDisk;
import org.lifeboat.protecteditem.ReplicationEnabler;

/**
 * The process server's upload worker: ships every sealed journal segment, compressed and encrypted,
 * to the {@code cache} container, records it, and only then deletes the local file. While Azure
 * Storage is unreachable the segments wait on local disk and the agents' records stay acknowledged.
 */
@Singleton
@Startup
public class SegmentUploader {

    private static final Logger LOG = Logger.getLogger(SegmentUploader.class.getName());

    @Resource
    private ManagedScheduledExecutorService scheduler;

    @EJB
    private SegmentCatalog catalog;

    @EJB
    private ReplicationEnabler replication;

    @Inject
    private CacheSegmentStore store;

    @EJB
    private ProcessServerMonitor monitor;

    private Path cacheRoot;
    private ScheduledFuture<?> task;
    private final ThrottledWarning failure = new ThrottledWarning(LOG,
            "Uploading log segments failed; they wait in the local cache");

    @PostConstruct
    void start() {
        cacheRoot = ReplicationSettings.fromSystemProperties().cacheDirectory();
        task = scheduler.scheduleWithFixedDelay(this::uploadSealed, 1000, 250, TimeUnit.MILLISECONDS);
    }

    @PreDestroy
    void stop() {
        if (task != null) {
            task.cancel(false);
        }
    }

    void uploadSealed() {
        try {
            for (SealedSegment segment : SealedSegment.list(cacheRoot)) {
                upload(segment);
            }
        } catch (IOException | RuntimeException e) {
            failure.failed(e);
        }
    }

    private void upload(SealedSegment segment) throws IOException {
        Optional<ProtectedDisk> disk = replication.disk(segment.diskId());
        if (disk.isEmpty()) {
            LOG.info(() -> "Dropping segment " + segment.file().getFileName() + ": its disk no longer replicates");
            Files.deleteIfExists(segment.file());
            return;
        }
        if (disk.get().getAppliedSequence() >= segment.lastSequence()) {
            // uploaded and applied before a crash kept the local file: nothing left to do
            Files.deleteIfExists(segment.file());
            return;
        }
        long sourceBytes = Files.size(segment.file());
        CacheSegmentStore.Uploaded uploaded = store.upload(segment);
        catalog.uploaded(uploaded.blobName(), segment.diskId(), segment.firstSequence(), segment.lastSequence(),
                uploaded.maxSourceTime(), uploaded.bytes());
        Files.delete(segment.file());
        monitor.uploaded(segment.diskId(), sourceBytes, uploaded.bytes());
    }
}
