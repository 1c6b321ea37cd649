package org.lifeboat.agent.replication;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.BitSet;
import java.util.List;
import java.util.Optional;
import java.util.logging.Logger;

import com.sun.nio.file.ExtendedOpenOption;

import org.lifeboat.agent.api.AgentEvent;
import org.lifeboat.agent.api.EventSink;
import org.lifeboat.agent.api.Severity;
import org.lifeboat.agent.disk.DiskId;
import org.lifeboat.agent.disk.DiskProbe;
import org.lifeboat.agent.tracking.BlockHashes;
import org.lifeboat.agent.tracking.BlockLayout;
import org.lifeboat.agent.tracking.DataChange;
import org.lifeboat.agent.tracking.DiskScanner;
import org.lifeboat.agent.tracking.HashRefresh;
import org.lifeboat.agent.tracking.PassControl;
import org.lifeboat.agent.tracking.ReadPacer;
import org.lifeboat.agent.tracking.ScanPass;
import org.lifeboat.agent.tracking.Tracker;
import org.lifeboat.agent.tracking.trace.DirtyBlocks;
import org.lifeboat.agent.tracking.trace.TraceSession;
import org.lifeboat.agent.tracking.trace.TraceUnavailableException;
import org.lifeboat.protocol.BookmarkRecord;
import org.lifeboat.protocol.DataRecord;
import org.lifeboat.protocol.SyncRecord;

/**
 * Replicates one disk on its own thread: scans it pass after pass, queues what changed, puts
 * requested bookmarks into its stream after a complete pass, and a SYNC after a pass that found
 * nothing while nothing was pending, so the server sees how fresh an idle disk is.
 * <p>
 * Every record of a pass carries the pass's start time as its source time: once the pass is
 * complete, the server holds every write made before that moment.
 */
final class DiskReplicator implements Runnable {

    private static final Logger LOG = Logger.getLogger(DiskReplicator.class.getName());

    private final DiskId diskId;
    private final Path path;
    private final BlockLayout layout;
    private final Outbox outbox;
    private final BookmarkBoard board;
    private final ReplicationSettings settings;
    private volatile DiskScanner scanner;
    private volatile boolean passCompleted;
    private volatile String problem;
    private volatile Tracker tracker = Tracker.SCAN;
    private volatile String trackerNote;
    /** Traced until a gap, and tracing could not be set up again: tried again each pass. */
    private boolean traceLost;
    private final EventSink events;

    DiskReplicator(DiskId diskId, Path path, BlockLayout layout, Outbox outbox, BookmarkBoard board,
                   ReplicationSettings settings, EventSink events) {
        this.events = events;
        this.diskId = diskId;
        this.path = path;
        this.layout = layout;
        this.outbox = outbox;
        this.board = board;
        this.settings = settings;
    }

    @Override
    public void run() {
        while (!Thread.currentThread().isInterrupted()) {
            try (FileChannel disk = open()) {
                long size = sizeNow();
                if (size != layout.diskSizeBytes()) {
                    throw new IOException("it is " + size + " bytes now, not the " + layout.diskSizeBytes()
                            + " bytes it was registered with; disable and enable its replication again");
                }
                replicate(disk);
            } catch (IOException e) {
                if (Thread.currentThread().isInterrupted()) {
                    return;
                }
                reportProblem("cannot replicate " + path + ": " + e.getMessage());
                try {
                    Thread.sleep(settings.diskRetry().toMillis());
                } catch (InterruptedException stopped) {
                    return;
                }
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /**
     * A block device is read with O_DIRECT: its page cache is not kept coherent with the writes of a
     * file system on it (nor, for a moment after completion, with O_DIRECT writes), and a stale cached
     * block read after its write completed would pass for unchanged.
     */
    private FileChannel open() throws IOException {
        if (!Files.isRegularFile(path)) {
            try {
                return FileChannel.open(path, StandardOpenOption.READ, ExtendedOpenOption.DIRECT);
            } catch (IOException | UnsupportedOperationException e) {
                LOG.fine(() -> "Disk " + diskId + ": no O_DIRECT (" + e.getMessage() + "); reading through the cache.");
            }
        }
        return FileChannel.open(path, StandardOpenOption.READ);
    }

    /** Found through a cached channel: the probe reads single bytes, which O_DIRECT refuses. */
    private long sizeNow() throws IOException {
        try (FileChannel probe = FileChannel.open(path, StandardOpenOption.READ)) {
            return DiskProbe.sizeOf(probe, Files.isRegularFile(path));
        }
    }

    /** Bytes compared by the pass under way; the disk's size once a pass has completed in this run. */
    long scannedBytes() {
        DiskScanner current = scanner;
        return passCompleted ? layout.diskSizeBytes() : current == null ? 0 : current.scannedBytes();
    }

    /** Why the disk cannot be read, or null. */
    String problem() {
        return problem;
    }

    private void replicate(FileChannel disk) throws IOException, InterruptedException {
        DiskScanner current = new DiskScanner(disk, layout, outbox.acknowledgedCopy(diskId));
        BlockLayout extents = BlockLayout.forTracedWrites(layout.diskSizeBytes());
        DirtyBlocks dirty = new DirtyBlocks(extents);
        // Traced from before the first pass, which compares every block: whatever it misses, the trace has.
        TraceSession trace = openTrace(dirty);
        String fullScanReason = trace == null ? null : "the agent started or reopened the disk";
        String reportedGap = null;
        HashRefresh refresh = new HashRefresh(current, extents, settings.trace().refreshBytesPerSecond());
        try {
            while (true) {
                Optional<BlockHashes> resync = outbox.takeResync(diskId);
                if (resync.isPresent()) {
                    current = new DiskScanner(disk, layout, resync.get());
                    refresh = new HashRefresh(current, extents, settings.trace().refreshBytesPerSecond());
                    fullScanReason = trace == null ? null : "a resync marked blocks to be sent again";
                }
                scanner = current;
                long generation = board.generation();
                long passStart = System.currentTimeMillis();
                List<BookmarkRequest> bookmarks = board.openFor(diskId);
                BitSet only = null;
                if (trace == null && traceLost) {
                    trace = openTrace(dirty); // traced before a gap: try again
                    fullScanReason = fullScanReason != null ? fullScanReason : "tracing was set up again";
                }
                if (trace != null) {
                    refresh.beforeMarker(trace.writesInFlight());
                    // every write completed before the bookmarks were asked is marked once the marker is through
                    String gap = trace.sync(settings.trace().drainTimeout());
                    if (gap != null) {
                        fullScanReason = gap;
                        trace.close();
                        trace = openTrace(dirty);
                    } else {
                        BitSet written = dirty.take(); // a full compare covers them too
                        if (fullScanReason == null) {
                            only = written;
                            outbox.refreshed(diskId, refresh.atMarker(written));
                        }
                    }
                    if (fullScanReason != null) {
                        refresh.gap(); // no hash read before a gap is taken
                    }
                    if (fullScanReason != null && !fullScanReason.equals(reportedGap)) {
                        reportGap(fullScanReason);
                        reportedGap = fullScanReason;
                    }
                }
                BitSet compared = only;
                DiskScanner passScanner = current;
                // a full compare because of a gap is paced; the scan tracker's own passes are not
                ReadPacer pacer = new ReadPacer(trace != null && only == null ? settings.trace().gapScanBytesPerSecond() : 0);
                PassControl control = () -> {
                    try {
                        pacer.pace(passScanner.scannedBytes());
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return Thread.currentThread().isInterrupted() || board.restartRequestedSince(generation, diskId)
                            || outbox.resyncRequested(diskId);
                };
                ScanPass pass = only == null ? current.scan(change -> queue(change, passStart), control)
                        : current.sendWritten(change -> queue(change, passStart), control, only, extents);
                long passEnd = System.nanoTime();
                if (Thread.currentThread().isInterrupted()) {
                    throw new InterruptedException();
                }
                if (problem != null) {
                    LOG.info(() -> "Disk " + diskId + " (" + path + ") is readable again.");
                    problem = null;
                }
                if (!pass.complete()) {
                    if (compared != null) {
                        dirty.restore(compared); // compared again next pass; what was sent compares equal
                    }
                    continue;
                }
                fullScanReason = null;
                reportedGap = null;
                for (BookmarkRequest bookmark : bookmarks) {
                    if (!bookmark.acceptsPassEndedAt(passEnd)) {
                        continue; // a group round's hold ended before this pass did
                    }
                    Sequence sequence = outbox.append(diskId, 0, 0, 0, PendingRecord.NO_HASHES, next -> new BookmarkRecord(
                            diskId.value(), next.value(), passStart, bookmark.bookmarkId(), bookmark.consistency()));
                    board.appended(bookmark, diskId, sequence);
                }
                outbox.initialPassComplete(diskId);
                passCompleted = true;
                if (pass.changes() == 0 && outbox.isIdle(diskId)) {
                    outbox.append(diskId, 0, 0, 0, PendingRecord.NO_HASHES,
                            next -> new SyncRecord(diskId.value(), next.value(), passStart));
                }
                long idleStart = System.nanoTime();
                if (trace != null) {
                    // at most half the pause, and none of a bookmark's wait or a resync's
                    refresh.readIdle(compared == null ? layout.diskSizeBytes() : pass.changedBytes(),
                            idleStart + settings.passPause().toNanos() / 2, () -> Thread.currentThread().isInterrupted()
                                    || board.generation() != generation || outbox.resyncRequested(diskId));
                }
                board.awaitPost(generation, settings.passPause().minusNanos(System.nanoTime() - idleStart));
            }
        } finally {
            if (trace != null) {
                trace.close();
            }
        }
    }

    /** Starts tracing the disk, or says why it is scanned instead. */
    private TraceSession openTrace(DirtyBlocks dirty) {
        try {
            TraceSession session = TraceSession.open(settings.trace(), instanceName(), path, dirty);
            if (tracker != Tracker.TRACE) {
                LOG.info(() -> "Disk " + diskId + " (" + path + "): tracing its writes in " + session.instance() + ".");
            }
            tracker = Tracker.TRACE;
            traceLost = false;
            return session;
        } catch (TraceUnavailableException e) {
            if (tracker == Tracker.TRACE || trackerNote == null) {
                LOG.info(() -> "Disk " + diskId + " (" + path + ") is scanned: " + e.getMessage() + ".");
            }
            if (tracker == Tracker.TRACE) {
                events.post(new AgentEvent(Severity.WARNING, "Disk " + diskId + ": its writes can no longer be "
                        + "traced (" + e.getMessage() + "); it is scanned pass after pass instead."));
            }
            traceLost |= tracker == Tracker.TRACE;
            trackerNote = traceLost ? "tracing stopped and cannot be set up again: " + e.getMessage() : e.getMessage();
            tracker = Tracker.SCAN;
            return null;
        }
    }

    /** A gap in the trace: said in the log and as an event, and the next pass compares every block. */
    private void reportGap(String reason) {
        trackerNote = "full scan compare: " + reason;
        LOG.warning(() -> "Disk " + diskId + ": " + trackerNote + ".");
        events.post(new AgentEvent(Severity.WARNING, "Disk " + diskId + ": the trace of its writes may have a "
                + "gap (" + reason + "); comparing every block with what was sent."));
    }

    /** The tracefs instance of this disk: the agent's own, one per disk, a name tracefs accepts. */
    private String instanceName() {
        return "lifeboat-" + diskId.value().replaceAll("[^A-Za-z0-9_-]", "_");
    }

    Tracker tracker() {
        return tracker;
    }

    String trackerNote() {
        return trackerNote;
    }

    private void queue(DataChange change, long passStart) throws IOException, InterruptedException {
        outbox.append(diskId, change.length(), change.firstBlock(), change.blockCount(), change.completedHashes(),
                next -> new DataRecord(diskId.value(), next.value(), passStart, change.offset(), change.data()));
    }

    private void reportProblem(String text) {
        if (!text.equals(problem)) {
            LOG.warning(() -> "Disk " + diskId + ": " + text);
        }
        problem = text;
    }
}
