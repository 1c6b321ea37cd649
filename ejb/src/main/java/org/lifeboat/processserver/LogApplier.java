package org.lifeboat.processserver;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.logging.Logger;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.ejb.EJB;
import jakarta.ejb.Lock;
import jakarta.ejb.LockType;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.inject.Inject;
import org.lifeboat.connector.journal.SealedSegment;
import org.lifeboat.protecteditem.ProtectedDisk;
import org.lifeboat.protecteditem.ProtectedItem;
import org.lifeboat.protecteditem.ReplicationEnabler;
import org.lifeboat.protecteditem.SeedBlobStore;
import org.lifeboat.protocol.BookmarkRecord;
import org.lifeboat.protocol.ChangeRecord;
import org.lifeboat.protocol.Consistency;
import org.lifeboat.protocol.DataRecord;
import org.lifeboat.recoverypoint.RecoveryPoint;
import org.lifeboat.recoverypoint.RecoveryPointRepository;
import org.lifeboat.seeddisk.ConcurrentPageWrites;
import org.lifeboat.seeddisk.SeedDiskBlob;
import com.azure.storage.blob.models.BlobStorageException;

/**
 * The log processor: applies each disk's segments, in sequence order, to its seed page blob: those
 * uploaded to the cache container, and those it reaches while they still wait on local disk
 * ({@link SealedSegmentHandOff}). At a bookmark, with everything before it applied, it snapshots the
 * blob for the recovery point. Applying is idempotent, so after a crash a segment is simply applied
 * again. Up to {@value #WRITES_IN_FLIGHT} Put Page calls run at once (measured: one at a time left
 * Azure Storage waiting on round trips; 8 applied initial replication faster than 4); writes that
 * overlap keep their order.
 */
@Singleton
@Startup
public class LogApplier {

    private static final Logger LOG = Logger.getLogger(LogApplier.class.getName());
    static final int WRITES_IN_FLIGHT = 8;
    /** Disks applied at once: each holds up to a segment being read and its writes in flight. */
    static final int LANES = 3;
    private static final int CONFIRM_EVERY = 4;
    /**
     * A record received before a Latest point was asked for is in a sealed segment this long after (the
     * journal seals a segment at 2 s of age; its sealer ticks in between): a round listed after it sees it.
     */
    static final Duration SEALED_WITHIN = Duration.ofSeconds(5);

    @Resource
    private ManagedThreadFactory threads;

    @EJB
    private SegmentRepository catalog;

    @EJB
    private ReplicationEnabler replication;

    @EJB
    private RecoveryPointRepository recoveryPoints;

    @Inject
    private CacheSegmentStore store;

    @EJB
    private ProcessServerMonitor monitor;

    @Inject
    private SeedBlobStore seeds;

    @Inject
    private SealedSegmentHandOff handOff;

    @Inject
    private StageFailures failures;

    @Inject
    private DurabilityNotices durability;

    @EJB
    private ApplierRoute route;

    @Inject
    private UploadsFirst uploadsFirst;

    private volatile StageThreads stage;

    /** Latest points asked for, by disk: served in the disk's lane once it caught up with what was received. */
    private final Map<String, LatestRequest> latestRequests = new ConcurrentHashMap<>();

    /** Disks whose items are assigned to another process server, with that owner: warned once per change. */
    private final Map<String, String> notOwned = new ConcurrentHashMap<>();

    /** The lease this applier holds on each disk's seed blob, and the assignment epoch it took it at. */
    private final Map<String, SeedLease> leases = new ConcurrentHashMap<>();

    /**
     * Served in the disk's lane: caught up with a round listed at or after {@code notBefore} (the owner's own Latest
     * point), or applied through {@code through} (a Latest point this applier near Azure takes for the owner; -1 when
     * not).
     */
    record LatestRequest(Instant notBefore, long through, CompletableFuture<String> snapshot) {

        boolean servedBy(Instant listed, boolean caughtUp, long applied) {
            return through >= 0 ? applied >= through : caughtUp && !listed.isBefore(notBefore);
        }
    }

    /** Where a disk's round stopped: nothing received left to apply, and how far it applied. */
    private record Progress(boolean caughtUp, long applied) {
    }

    private record SeedLease(long epoch, String id) {
    }

    @PostConstruct
    void start() {
        stage = StageThreads.start(threads, Stage.APPLY, failures.of(Stage.APPLY), this::applyPending, 1500, LANES,
                WRITES_IN_FLIGHT);
    }

    @PreDestroy
    void stop() {
        if (stage != null) {
            stage.stop();
        }
    }

    /** Hands each disk with segments to apply to its lane; a disk fails, and waits, on its own. */
    void applyPending() {
        Instant listed = Instant.now();
        List<SealedSegment> waiting = handOff.waiting();
        Set<String> disks = new TreeSet<>(catalog.disksWithWork(route.ownersAppliedHere()));
        waiting.forEach(segment -> disks.add(segment.diskId()));
        disks.addAll(latestRequests.keySet());
        DiskLanes lanes = stage.lanes();
        for (String diskId : lanes.turnOrder(disks)) {
            List<SealedSegment> local = waiting.stream().filter(s -> s.diskId().equals(diskId)).toList();
            lanes.offer(diskId, () -> applyDisk(diskId, local, listed));
        }
    }

    private void applyDisk(String diskId, List<SealedSegment> waiting, Instant listed) throws IOException {
        Optional<ProtectedDisk> disk = replication.disk(diskId);
        if (disk.isEmpty()) {
            leases.remove(diskId);
            catalog.forget(diskId).forEach(store::delete); // the uploader drops its sealed files
            Optional.ofNullable(latestRequests.remove(diskId)).ifPresent(r -> r.snapshot().completeExceptionally(
                    new IllegalStateException("disk " + diskId + " is no longer protected")));
            return;
        }
        if (!holdsAssignment(disk.get().getItem(), diskId)) {
            return;
        }
        try {
            Progress progress = applyAvailable(disk.get(), waiting);
            serveLatest(disk.get(), listed, progress);
        } catch (AssignmentLostException e) {
            leases.remove(diskId);
            lost(diskId, e.getMessage());
        } catch (RuntimeException e) {
            if (!SeedDiskBlob.leaseLost(e)) {
                throw e;
            }
            // the second fence: a new owner took the seed blob's lease. The next round reads the assignment again:
            // assigned elsewhere, the disk stays stopped; still here (someone else broke the lease), it is taken back
            leases.remove(diskId);
            lost(diskId, "another writer took the lease on its seed blob " + disk.get().getSeedBlobName() + " ("
                    + ((BlobStorageException) e).getErrorCode() + ")");
        }
    }

    /**
     * The seed blob's writer for the disk's owner at {@code epoch}, its writes under this applier's lease: taken
     * (an earlier owner's broken) when the disk is first applied at that epoch, then the assignment confirmed in the
     * database, since a stale owner may have read it just before a switch and must not write under a lease it broke.
     */
    private SeedDiskBlob leasedWriter(ProtectedDisk disk, String owner, long epoch) {
        SeedDiskBlob blob = seeds.blob(disk.getSeedBlobName(), disk.getSizeBytes());
        SeedLease lease = leases.get(disk.getId());
        if (lease == null || lease.epoch() != epoch) {
            lease = new SeedLease(epoch, blob.takeLease());
            catalog.confirmAssignment(disk.getItem().getName(), owner, epoch);
            leases.put(disk.getId(), lease);
            LOG.fine(() -> "Took the lease on seed blob " + disk.getSeedBlobName() + " (epoch " + epoch + ")");
        }
        return blob.withLease(lease.id());
    }

    /**
     * Whether this instance's applier may apply the disk now: its item is assigned here and no applier near Azure
     * applies this server's items, or this is that applier ({@link ApplierRoute}). A disk left alone keeps its
     * segments in the cache container for whoever applies it, and is warned about once.
     */
    private boolean holdsAssignment(ProtectedItem item, String diskId) {
        Optional<String> elsewhere = route.notAppliedHere(item.getProcessServer());
        if (elsewhere.isEmpty()) {
            if (notOwned.remove(diskId) != null) {
                LOG.info(() -> "Disk " + diskId + " of '" + item.getName() + "' is applied here "
                        + "again (epoch " + item.getAssignmentEpoch() + "); applying it");
            }
            return true;
        }
        lost(diskId, "'" + item.getName() + "' " + elsewhere.get() + " (epoch " + item.getAssignmentEpoch() + ")");
        return false;
    }

    private void lost(String diskId, String why) {
        if (!why.equals(notOwned.put(diskId, why))) {
            LOG.warning(() -> "Stopped applying disk " + diskId + ": " + why);
        }
    }

    /**
     * A Latest recovery point of the item: each disk applies everything received before this call, then
     * its seed blob is snapshotted in the disk's own lane, between segments, with no write in flight, so
     * the snapshot never holds half a record. Disks are snapshotted one after the other as each catches
     * up: the point is crash-consistent per disk, not across disks (as ASR's Latest).
     *
     * @return the new point
     * @throws IllegalStateException when a disk did not catch up in time (no point is recorded; its snapshots are deleted)
     */
    @Lock(LockType.READ)
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    public RecoveryPoint takeLatestPoint(String itemName, Duration timeout) throws InterruptedException {
        return takeLatestPoint(itemName, timeout, () -> true);
    }

    /** As {@link #takeLatestPoint(String, Duration)}, giving up once {@code stillAsked} says false. */
    @Lock(LockType.READ)
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    public RecoveryPoint takeLatestPoint(String itemName, Duration timeout, BooleanSupplier stillAsked)
            throws InterruptedException {
        Instant notBefore = Instant.now().plus(SEALED_WITHIN);
        return takeLatest(itemName, disk -> new LatestRequest(notBefore, -1, new CompletableFuture<>()), timeout,
                stillAsked);
    }

    /**
     * A Latest point this applier near Azure takes for the item's owner: each disk snapshotted, in its lane, once it
     * has applied through its target, the last sequence the owner uploaded when it handed the request over.
     *
     * @throws IllegalStateException when a disk did not get there in time, or has no target
     */
    @Lock(LockType.READ)
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    public RecoveryPoint takeLatestPointThrough(String itemName, LatestTargets targets, Duration timeout,
                                                BooleanSupplier stillAsked) throws InterruptedException {
        return takeLatest(itemName, disk -> new LatestRequest(Instant.MIN, targets.through(disk.getId())
                .orElseThrow(() -> new IllegalStateException("the owner gave no sequence for disk " + disk.getId()
                        + " of '" + itemName + "' (a disk added since it was asked?)")),
                new CompletableFuture<>()), timeout, stillAsked);
    }

    private RecoveryPoint takeLatest(String itemName, Function<ProtectedDisk, LatestRequest> requestOf,
                                     Duration timeout, BooleanSupplier stillAsked) throws InterruptedException {
        ProtectedItem item = replication.find(itemName);
        Map<ProtectedDisk, CompletableFuture<String>> asked = new LinkedHashMap<>();
        Map<ProtectedDisk, LatestRequest> requests = new LinkedHashMap<>();
        for (ProtectedDisk disk : item.getDisks()) {
            requests.put(disk, requestOf.apply(disk)); // every disk's, before any lane sees one
        }
        requests.forEach((disk, request) -> {
            latestRequests.put(disk.getId(), request);
            asked.put(disk, request.snapshot());
        });
        boolean recorded = false;
        try {
            long deadline = System.nanoTime() + timeout.toNanos();
            Map<ProtectedDisk, String> snapshots = new LinkedHashMap<>();
            for (Map.Entry<ProtectedDisk, CompletableFuture<String>> disk : asked.entrySet()) {
                snapshots.put(disk.getKey(), awaitSnapshot(disk.getValue(), deadline, stillAsked));
            }
            String bookmark = "latest-" + UUID.randomUUID();
            for (Map.Entry<ProtectedDisk, String> disk : snapshots.entrySet()) {
                Instant sourceTime = replication.disk(disk.getKey().getId()).map(ProtectedDisk::getAppliedSourceTime)
                        .orElse(null);
                recoveryPoints.diskReachedBookmark(itemName, asked.size(), bookmark, Consistency.CRASH_CONSISTENT,
                        sourceTime == null ? Instant.now() : sourceTime, disk.getKey().getId(), disk.getValue());
            }
            recorded = true;
            return recoveryPoints.ofBookmark(itemName, bookmark).orElseThrow();
        } catch (TimeoutException e) {
            throw new IllegalStateException("not every disk applied what it received within " + timeout.toSeconds()
                    + " s", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
        } finally {
            asked.forEach((disk, future) -> latestRequests.computeIfPresent(disk.getId(),
                    (id, request) -> request.snapshot() == future ? null : request));
            if (!recorded) {
                // no point lists them, now or when a lane serves a request after the wait gave up
                asked.forEach((disk, future) -> future.thenAccept(snapshot -> {
                    try {
                        seeds.deleteSnapshot(disk.getSeedBlobName(), snapshot);
                    } catch (RuntimeException e) {
                        LOG.warning(() -> "Snapshot " + snapshot + " of disk " + disk.getId() + " not deleted: " + e);
                    }
                }));
            }
        }
    }

    /** Waits in slices of a second, so that an asker that gave up stops the wait. */
    private static String awaitSnapshot(CompletableFuture<String> snapshot, long deadline, BooleanSupplier stillAsked)
            throws InterruptedException, ExecutionException, TimeoutException {
        while (true) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new TimeoutException();
            }
            try {
                return snapshot.get(Math.min(left, TimeUnit.SECONDS.toNanos(1)), TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                if (!stillAsked.getAsBoolean()) {
                    throw new IllegalStateException("the configuration server no longer asks for it");
                }
            }
        }
    }

    /** In the disk's lane, between segments, where its request is served: the Latest snapshot. */
    private void serveLatest(ProtectedDisk disk, Instant listed, Progress progress) {
        LatestRequest request = latestRequests.get(disk.getId());
        if (request == null || !request.servedBy(listed, progress.caughtUp(), progress.applied())) {
            return;
        }
        try {
            String snapshot = seeds.blob(disk.getSeedBlobName(), disk.getSizeBytes()).snapshot();
            if (!request.snapshot().complete(snapshot)) {
                seeds.deleteSnapshot(disk.getSeedBlobName(), snapshot);
            }
        } catch (RuntimeException e) {
            request.snapshot().completeExceptionally(e);
        }
        latestRequests.remove(disk.getId(), request);
    }

    /**
     * Applies the disk's segments in sequence order, each from where it is: uploaded to the cache
     * container, or still sealed on local disk (taken straight into the seed blob unless the upload
     * worker has it, in which case its row is the next thing to wait for). The writes of consecutive
     * segments overlap; progress is recorded every {@value #CONFIRM_EVERY} segments and at the end,
     * once their writes are done (waiting for them after each segment, and recording each, cost the
     * applier a fifth of its time in the benchmark), and before the window of a segment taken from local disk
     * ends ({@link SealedSegmentHandOff}). After a failure nothing unrecorded counts, and
     * the next round applies it again. A segment whose predecessor in the journal's chain is neither
     * applied nor here stops the disk: applying past it would make recovery points that lack
     * acknowledged writes.
     */
    private Progress applyAvailable(ProtectedDisk disk, List<SealedSegment> waiting) throws IOException {
        boolean caughtUp = false;
        long applied = disk.getAppliedSequence();
        List<Recording> unrecorded = new ArrayList<>();
        List<SealedSegment> claimed = new ArrayList<>(); // released once recorded, or when anything fails
        Instant recordBy = null; // the earliest window's end among the unrecorded segments taken from local disk
        SegmentChainGapException gap = null;
        String item = disk.getItem().getName();
        long epoch = disk.getItem().getAssignmentEpoch(); // each segment is recorded only while it still holds
        String owner = disk.getItem().getProcessServer(); // this server, or the one an applier near Azure applies for
        SeedDiskBlob writer = leasedWriter(disk, owner, epoch);
        UploadsFirst.Turn uploadsFirstTurn = uploadsFirst.turn(disk.getId());
        try (ConcurrentPageWrites writes = new ConcurrentPageWrites((offset, data) -> {
            writer.write(offset, data);
            monitor.seedWritten(data.length);
        }, stage.workers(), WRITES_IN_FLIGHT)) {
            while (true) {
                if (latestThroughReached(disk.getId(), applied)) {
                    break; // its snapshot now, rather than after a backlog that arrived since it was asked
                }
                long after = applied;
                Optional<SealedSegment> local = waiting.stream().filter(s -> s.lastSequence() > after).findFirst();
                Optional<CacheSegment> uploaded = catalog.next(disk.getId(), applied);
                boolean takeLocal = local.isPresent()
                        && (uploaded.isEmpty() || local.get().firstSequence() < uploaded.get().getFirstSequence());
                long previous = takeLocal ? local.get().previousSequence()
                        : uploaded.map(CacheSegment::getPreviousSequence).orElse(SealedSegment.UNKNOWN);
                if (SealedSegment.leavesGap(previous, applied)) {
                    gap = new SegmentChainGapException(disk.getId(), applied, previous);
                    break;
                }
                if (takeLocal) {
                    Optional<Instant> until = handOff.directApplyUntil(local.get(), disk, Instant.now());
                    if (until.isEmpty() || !handOff.claim(local.get())) {
                        break;
                    }
                    SealedSegment segment = local.get();
                    claimed.add(segment);
                    // the segments taken before it count as durable only once recorded: they end its window too
                    Instant giveBackAt = recordBy == null || until.get().isBefore(recordBy) ? until.get() : recordBy;
                    long bytes = Files.size(segment.file());
                    Instant sourceTime;
                    try {
                        sourceTime = write(disk, writer, writes, records -> store.forEachRecord(segment, records),
                                applied, () -> giveBackAfter(giveBackAt));
                    } catch (WindowEnded e) {
                        // its writes so far are harmless: applied again, in order, from the container
                        monitor.directApplyGivenBack();
                        LOG.fine(() -> "Gave segment " + segment.file().getFileName() + " of disk " + disk.getId()
                                + " back to the upload worker: not applied within its window");
                        break;
                    }
                    unrecorded.add(() -> {
                        catalog.appliedDirectly(disk.getId(), segment.lastSequence(), sourceTime, item, owner, epoch);
                        monitor.madeDurable(segment.file(), sourceTime);
                        Files.deleteIfExists(segment.file());
                        monitor.appliedDirectly(disk.getId(), bytes);
                        durability.madeDurable(disk.getId());
                    });
                    recordBy = giveBackAt;
                    applied = segment.lastSequence();
                } else if (uploaded.isPresent()) {
                    if (recordBy != null) { // segments taken from local disk are not left waiting for this one
                        writes.drain();
                        record(unrecorded);
                        recordBy = null;
                    }
                    CacheSegment segment = uploaded.get();
                    Instant sourceTime = write(disk, writer, writes,
                            records -> store.forEachRecord(segment, records), applied, uploadsFirstTurn::beforeWrite);
                    unrecorded.add(() -> {
                        catalog.applied(segment, sourceTime, item, owner, epoch);
                        store.delete(segment.getBlobName());
                        monitor.applied();
                    });
                    applied = segment.getLastSequence();
                } else {
                    caughtUp = true; // nothing received is left to apply
                    break;
                }
                if (unrecorded.size() >= CONFIRM_EVERY) {
                    writes.drain();
                    record(unrecorded);
                    recordBy = null;
                }
            }
            writes.drain();
            record(unrecorded);
            if (caughtUp) {
                // only now that all it applied is recorded: a previous owner's late uploads it no longer needs
                catalog.superseded(disk.getId(), applied).forEach(store::delete);
            }
        } finally {
            claimed.forEach(handOff::release);
        }
        if (gap != null) {
            throw gap; // what came before it is applied and recorded; the disk's later segments wait
        }
        return new Progress(caughtUp, applied);
    }

    /** A direct apply past its segment's window: the segment goes back to the upload worker. */
    private static final class WindowEnded extends RuntimeException {
        WindowEnded() {
            super(null, null, false, false);
        }
    }

    private static void giveBackAfter(Instant deadline) {
        if (Instant.now().isAfter(deadline)) {
            throw new WindowEnded();
        }
    }

    private boolean latestThroughReached(String diskId, long applied) {
        LatestRequest request = latestRequests.get(diskId);
        return request != null && request.through() >= 0 && applied >= request.through();
    }

    /** Recording one segment whose writes are done: the disk's progress, then the segment deleted. */
    @FunctionalInterface
    private interface Recording {
        void record() throws IOException;
    }

    /** Records the segments in order; what fails stays in the list, unrecorded. */
    private static void record(List<Recording> unrecorded) throws IOException {
        while (!unrecorded.isEmpty()) {
            unrecorded.get(0).record();
            unrecorded.remove(0);
        }
    }

    /**
     * Starts the writes of one segment's records (a bookmark waits for all writes so far and
     * snapshots the blob).
     *
     * @param segment hands the segment's records, in order, to the consumer it is given
     * @param beforeWrite runs before each write starts (a segment from the cache container waits for the disk's
     *                    uploads: {@link UploadsFirst})
     * @return the newest source time among the records, null if none
     */
    private Instant write(ProtectedDisk disk, SeedDiskBlob writer, ConcurrentPageWrites writes,
                          Consumer<Consumer<ChangeRecord>> segment, long applied, Runnable beforeWrite) {
        long[] newest = {0};
        segment.accept(record -> {
            newest[0] = Math.max(newest[0], record.sourceTimeMillis());
            if (record.sequence() <= applied) {
                return;
            }
            if (record instanceof DataRecord data) {
                beforeWrite.run();
                writes.write(data.offset(), data.data());
            } else if (record instanceof BookmarkRecord bookmark) {
                writes.drain();
                snapshot(disk, bookmark, writer);
            }
        });
        return newest[0] == 0 ? null : Instant.ofEpochMilli(newest[0]);
    }

    /**
     * Snapshots the blob for the bookmark's recovery point, unless an earlier try did. A snapshot whose
     * row cannot be written is deleted again: a record that fails for good is retried with back-off, and
     * each try left one more snapshot in Azure Storage, listed nowhere.
     */
    private void snapshot(ProtectedDisk disk, BookmarkRecord bookmark, SeedDiskBlob writer) {
        String item = disk.getItem().getName();
        if (recoveryPoints.hasSnapshot(item, bookmark.bookmarkId(), disk.getId())) {
            return;
        }
        String snapshot = writer.snapshot();
        try {
            recoveryPoints.diskReachedBookmark(item, disk.getItem().getDisks().size(), bookmark.bookmarkId(),
                    bookmark.consistency(), Instant.ofEpochMilli(bookmark.sourceTimeMillis()), disk.getId(), snapshot);
        } catch (RuntimeException e) {
            try {
                seeds.deleteSnapshot(disk.getSeedBlobName(), snapshot);
            } catch (RuntimeException notDeleted) {
                e.addSuppressed(notDeleted);
            }
            throw new IllegalStateException("the recovery point of bookmark " + bookmark.bookmarkId()
                    + " cannot be recorded", e);
        }
    }
}
