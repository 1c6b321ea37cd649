package org.lifeboat.processserver;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.EJB;
import jakarta.ejb.LocalBean;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.inject.Inject;
import org.lifeboat.monitoring.PlatformMBeans;
import org.lifeboat.storage.StorageAccount;
import org.lifeboat.storage.WanBytes;

/** Counts what the upload and apply stages did, and publishes it as {@link ProcessServerMXBean}. */
@Singleton
@Startup
@LocalBean // the MXBean interface must not hide the no-interface view the stages inject
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
public class ProcessServerMonitor implements ProcessServerMXBean {

    @EJB
    private SegmentRepository catalog;

    @Inject
    private SealedSegmentHandOff handOff;

    @Inject
    private StageFailures failures;

    @Inject
    private StorageAccount storage;

    @Inject
    private UploadsFirst uploadsFirst;

    private final AtomicLong uploadedBytes = new AtomicLong();
    private final AtomicLong uploadedSourceBytes = new AtomicLong();
    private final AtomicLong uploadedSegments = new AtomicLong();
    private final AtomicLong appliedSegments = new AtomicLong();
    private final AtomicLong directlyAppliedSegments = new AtomicLong();
    private final AtomicLong directlyAppliedBytes = new AtomicLong();
    private final AtomicLong directApplyGivenBack = new AtomicLong();
    private final AtomicLong seedWrites = new AtomicLong();
    private final AtomicLong seedWriteBytes = new AtomicLong();
    private final Map<String, AtomicLong> durableSourceBytesByDisk = new ConcurrentHashMap<>();
    private final AtomicLong durableTimedSegments = new AtomicLong();
    private final AtomicLong sourceToJournalMillis = new AtomicLong();
    private final AtomicLong journalToDurableMillis = new AtomicLong();
    private final AtomicLong uploadWaitMillis = new AtomicLong();
    private final AtomicLong uploadPackMillis = new AtomicLong();
    private final AtomicLong uploadPutMillis = new AtomicLong();

    @PostConstruct
    void register() {
        PlatformMBeans.register(OBJECT_NAME, this);
    }

    @PreDestroy
    void unregister() {
        PlatformMBeans.unregister(OBJECT_NAME);
    }

    public void uploaded(long sourceBytes, long blobBytes) {
        uploadedSegments.incrementAndGet();
        uploadedSourceBytes.addAndGet(sourceBytes);
        uploadedBytes.addAndGet(blobBytes);
    }

    /** As {@link #uploaded(long, long)}, also counted per disk for the items' throughput. */
    public void uploaded(String diskId, long sourceBytes, long blobBytes) {
        durableSourceBytesByDisk.computeIfAbsent(diskId, d -> new AtomicLong()).addAndGet(sourceBytes);
        uploaded(sourceBytes, blobBytes);
    }

    /** Source bytes made durable in Azure per disk (uploaded or applied directly) since the server started. */
    public Map<String, Long> durableSourceBytesByDisk() {
        Map<String, Long> snapshot = new HashMap<>();
        durableSourceBytesByDisk.forEach((disk, bytes) -> snapshot.put(disk, bytes.get()));
        return snapshot;
    }

    /**
     * Times a segment made durable now: from its newest source time to its file's last write (the journal's last
     * append; the seal only renames it) and from there to now. Call it before the local file goes; a segment
     * without a source time or file is not counted.
     */
    public void madeDurable(Path segmentFile, Instant newestSourceTime) {
        if (newestSourceTime == null) {
            return;
        }
        try {
            Instant journaled = Files.getLastModifiedTime(segmentFile).toInstant();
            Instant now = Instant.now();
            sourceToJournalMillis.addAndGet(Math.max(0, Duration.between(newestSourceTime, journaled).toMillis()));
            journalToDurableMillis.addAndGet(Math.max(0, Duration.between(journaled, now).toMillis()));
            durableTimedSegments.incrementAndGet();
        } catch (IOException e) {
            // gone already: not timed
        }
    }

    /** One upload's times: since its segment's last journal write until it started, packing, putting. */
    public void uploadTimed(long waitMillis, long packMillis, long putMillis) {
        uploadWaitMillis.addAndGet(waitMillis);
        uploadPackMillis.addAndGet(packMillis);
        uploadPutMillis.addAndGet(putMillis);
    }

    @Override
    public long getUploadWaitMillis() {
        return uploadWaitMillis.get();
    }

    @Override
    public long getUploadPackMillis() {
        return uploadPackMillis.get();
    }

    @Override
    public long getUploadPutMillis() {
        return uploadPutMillis.get();
    }

    @Override
    public boolean isUploadsFirst() {
        return uploadsFirst.on();
    }

    @Override
    public void setUploadsFirst(boolean on) {
        uploadsFirst.change(on);
    }

    @Override
    public long getApplierPausedMillis() {
        return uploadsFirst.pausedMillis();
    }

    @Override
    public long getDurableTimedSegments() {
        return durableTimedSegments.get();
    }

    @Override
    public long getSourceToJournalMillis() {
        return sourceToJournalMillis.get();
    }

    @Override
    public long getJournalToDurableMillis() {
        return journalToDurableMillis.get();
    }

    public void applied() {
        appliedSegments.incrementAndGet();
    }

    /** A sealed segment written straight into its seed disk, never uploaded to the cache container. */
    public void appliedDirectly(String diskId, long sourceBytes) {
        durableSourceBytesByDisk.computeIfAbsent(diskId, d -> new AtomicLong()).addAndGet(sourceBytes);
        directlyAppliedSegments.incrementAndGet();
        directlyAppliedBytes.addAndGet(sourceBytes);
        appliedSegments.incrementAndGet();
    }

    /** A segment the applier took straight from the journal and gave back to the upload worker at its window's end. */
    public void directApplyGivenBack() {
        directApplyGivenBack.incrementAndGet();
    }

    @Override
    public long getDirectApplyGivenBack() {
        return directApplyGivenBack.get();
    }

    /** One write of the log applier into a seed blob (one Put Page, or a clear, per piece of up to 4 MiB). */
    public void seedWritten(long bytes) {
        seedWrites.incrementAndGet();
        seedWriteBytes.addAndGet(bytes);
    }

    @Override
    public long getSeedWrites() {
        return seedWrites.get();
    }

    @Override
    public long getSeedWriteBytes() {
        return seedWriteBytes.get();
    }

    @Override
    public long getUploadedBytes() {
        return uploadedBytes.get();
    }

    @Override
    public long getUploadedSourceBytes() {
        return uploadedSourceBytes.get();
    }

    @Override
    public long getUploadedSegments() {
        return uploadedSegments.get();
    }

    @Override
    public long getAppliedSegments() {
        return appliedSegments.get();
    }

    @Override
    public long getDirectlyAppliedSegments() {
        return directlyAppliedSegments.get();
    }

    @Override
    public long getDirectlyAppliedBytes() {
        return directlyAppliedBytes.get();
    }

    @Override
    public long getDirectApplySeconds() {
        return handOff.window().toSeconds();
    }

    @Override
    public void setDirectApplySeconds(long seconds) {
        handOff.changeWindow(Duration.ofSeconds(seconds));
    }

    @Override
    public long getInitialDirectApplySeconds() {
        return handOff.initialWindow().toSeconds();
    }

    @Override
    public void setInitialDirectApplySeconds(long seconds) {
        handOff.changeInitialWindow(Duration.ofSeconds(seconds));
    }

    @Override
    public long getWanCacheBytes() {
        return storage.wanBytes().sent(WanBytes.Purpose.CACHE);
    }

    @Override
    public long getWanSeedBytes() {
        return storage.wanBytes().sent(WanBytes.Purpose.SEEDS);
    }

    @Override
    public long getWanOtherBytes() {
        return storage.wanBytes().sent(WanBytes.Purpose.OTHER);
    }

    @Override
    public long getApplyBacklogSegments() {
        return catalog.backlog()[0];
    }

    @Override
    public long getApplyBacklogBytes() {
        return catalog.backlog()[1];
    }

    @Override
    public int getFailingDisks() {
        return failures.failingDisks();
    }
}
