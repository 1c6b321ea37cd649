package org.lifeboat.agent.replication;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import java.util.stream.Collectors;

import org.lifeboat.agent.AgentVersion;
import org.lifeboat.agent.api.DiskConfiguration;
import org.lifeboat.agent.api.EventSink;
import org.lifeboat.agent.api.ResyncOutcome;
import org.lifeboat.agent.connection.ServerAddress;
import org.lifeboat.agent.connection.ServerTrust;
import org.lifeboat.agent.disk.DiskId;
import org.lifeboat.agent.state.AgentIdentity;
import org.lifeboat.agent.state.StateDirectory;
import org.lifeboat.agent.tracking.BlockHashes;
import org.lifeboat.agent.tracking.BlockLayout;
import org.lifeboat.agent.tracking.Tracker;
import org.lifeboat.protocol.Hello;
import org.lifeboat.protocol.ProtocolLimits;

/**
 * Replicates the protected disks: one scanner thread per disk, one connection to the process
 * server, the outbox between them, and periodic checkpoints of what the server acknowledged.
 */
public final class ReplicationEngine implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(ReplicationEngine.class.getName());

    private final StateDirectory stateDirectory;
    private final ReplicationSettings settings;
    private final Outbox outbox;
    private final BookmarkBoard board = new BookmarkBoard();
    private final ReplicationClient client;
    private final Thread clientThread;
    private final ScheduledExecutorService checkpoints;
    private final Map<DiskId, Replicated> disks = new LinkedHashMap<>();
    private final Map<DiskId, DiskReport> refusedDisks = new LinkedHashMap<>();
    private final ServerTrust registrationPin;
    private volatile Destination destination;
    private boolean closed;

    /** The server's checksums of a disk's seed as it is now, one per block of the layout. */
    @FunctionalInterface
    public interface SeedHashes {
        long[] of(DiskId diskId, BlockLayout layout) throws IOException;
    }

    private final SeedHashes seedHashes;
    private final EventSink events;

    /** A disk being replicated: its configuration, state and scanner thread. */
    private record Replicated(DiskConfiguration configuration, DiskState state, DiskReplicator replicator,
                              Thread thread) {
    }

    public ReplicationEngine(StateDirectory stateDirectory, AgentIdentity identity, ServerTrust pinnedServer,
                             ReplicationSettings settings) {
        this(stateDirectory, identity, pinnedServer, settings, (diskId, layout) -> {
            throw new IOException("no server to read the seed's checksums of disk " + diskId + " from");
        });
    }

    /** @param seedHashes where a {@linkplain DiskConfiguration#seeded seeded} disk's first map comes from */
    public ReplicationEngine(StateDirectory stateDirectory, AgentIdentity identity, ServerTrust pinnedServer,
                             ReplicationSettings settings, SeedHashes seedHashes) {
        this(stateDirectory, identity, pinnedServer, settings, seedHashes,
                event -> LOG.info(() -> event.severity() + ": " + event.message()));
    }

    /** @param events where a disk's tracker reports its gaps (the full scans they cost) */
    public ReplicationEngine(StateDirectory stateDirectory, AgentIdentity identity, ServerTrust pinnedServer,
                             ReplicationSettings settings, SeedHashes seedHashes, EventSink events) {
        this.seedHashes = seedHashes;
        this.events = events;
        this.stateDirectory = stateDirectory;
        this.settings = settings;
        this.outbox = new Outbox(settings.windowBytes());
        this.registrationPin = pinnedServer;
        this.destination = Destination.of(identity.replicationAddress(), Optional.empty(), pinnedServer);
        Hello hello = new Hello(ProtocolLimits.PROTOCOL_VERSION, identity.name(), AgentVersion.current(),
                identity.agentId(), identity.credential().helloBytes());
        this.client = new ReplicationClient(() -> destination, hello, outbox, settings);
        this.clientThread = new Thread(client, "lifeboat-replication");
        this.checkpoints = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "lifeboat-checkpoint");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** {@link #replicate(List, ServerAddress, Optional)} trusting the certificate pinned at registration there. */
    public void replicate(List<DiskConfiguration> protectedDisks, ServerAddress address) {
        replicate(protectedDisks, address, Optional.empty());
    }

    /**
     * Replicates exactly these disks to this address from now on: starts the new ones, stops
     * those no longer protected, and reconnects if anything changed so that RESUME covers them.
     *
     * @param certificateSha256 the only certificate to accept there (the process server's own, as the configuration
     *                          names it); empty: the one pinned at registration
     */
    public synchronized void replicate(List<DiskConfiguration> protectedDisks, ServerAddress address,
                                       Optional<String> certificateSha256) {
        if (closed) {
            return;
        }
        Destination next = Destination.of(address, certificateSha256, registrationPin);
        boolean changed = !next.samePin(destination);
        destination = next;
        Set<DiskId> wanted = protectedDisks.stream().map(DiskConfiguration::diskId).collect(Collectors.toSet());
        for (DiskId gone : new ArrayList<>(disks.keySet())) {
            if (!wanted.contains(gone)) {
                stop(disks.remove(gone));
                LOG.info(() -> "Disk " + gone + " is no longer protected; stopped replicating it.");
                changed = true;
            }
        }
        refusedDisks.keySet().retainAll(wanted);
        for (DiskConfiguration disk : protectedDisks) {
            Replicated running = disks.get(disk.diskId());
            if (running != null && running.configuration().equals(disk)) {
                continue;
            }
            if (running != null) {
                stop(disks.remove(disk.diskId()));
            }
            changed |= start(disk);
        }
        if (clientThread.getState() == Thread.State.NEW) {
            clientThread.start();
            long interval = settings.checkpointInterval().toMillis();
            checkpoints.scheduleWithFixedDelay(this::checkpoint, interval, interval, TimeUnit.MILLISECONDS);
        } else if (changed) {
            client.reconnect();
        }
    }

    public BookmarkBoard bookmarks() {
        return board;
    }

    /** The disks whose streams a bookmark goes into. */
    public synchronized Set<DiskId> replicatingDisks() {
        return Set.copyOf(disks.keySet());
    }

    /**
     * Waits until the server has acknowledged a disk's record.
     *
     * @return false on timeout or when the disk stopped replicating
     * @throws BookmarkVoidedException the record is a bookmark queued after records the server lost: never sent
     */
    public boolean awaitAcknowledged(DiskId disk, Sequence sequence, Duration timeout)
            throws InterruptedException {
        return outbox.awaitAcknowledged(disk, sequence, timeout);
    }

    public ConnectionState connection() {
        return client.state();
    }

    /** Whether there are disks to replicate and every one of them has completed its initial replication. */
    public boolean initialReplicationDone() {
        List<DiskReport> reports = reports();
        return !reports.isEmpty() && reports.stream().noneMatch(DiskReport::initial);
    }

    /** Grows by one each time a disk completes its initial replication in this run. */
    public long initialCompletions() {
        return outbox.initialCompletions();
    }

    public synchronized List<DiskReport> reports() {
        List<DiskReport> reports = new ArrayList<>();
        for (Replicated disk : disks.values()) {
            StreamProgress progress = outbox.progress(disk.configuration().diskId()).orElseThrow();
            long size = disk.state().layout().diskSizeBytes();
            long done = Math.max(0, disk.replicator().scannedBytes() - progress.pendingBytes());
            int percent = progress.initialComplete() ? 100 : (int) Math.min(99, done * 100 / size);
            String problem = disk.replicator().problem() != null ? disk.replicator().problem() : progress.refusal();
            reports.add(new DiskReport(disk.configuration().diskId(), disk.configuration().path(),
                    !progress.initialComplete(), percent, progress.pendingBytes(), progress.acknowledged().value(),
                    progress.live(), problem, disk.replicator().tracker(), disk.replicator().trackerNote(),
                    progress.notDurableBytes(), progress.unknownBytes()));
        }
        reports.addAll(refusedDisks.values());
        return reports;
    }

    /**
     * Resyncs a disk: compares it with the server's checksums of its seed and has the scanner send
     * again the blocks that differ. Reads the whole disk once, outside the engine's lock.
     *
     * @param serverBlockSize the block size the checksums were computed with
     * @return blocks compared and blocks that differed
     * @throws IOException if the disk is not replicated, cannot be read, or the checksums do not fit it
     */
    public ResyncOutcome resync(DiskId diskId, long generation, int serverBlockSize, InputStream checksums)
            throws IOException {
        Replicated disk;
        synchronized (this) {
            disk = disks.get(diskId);
        }
        if (disk == null) {
            throw new IOException("disk " + diskId + " is not replicated here");
        }
        BlockLayout layout = disk.state().layout();
        if (serverBlockSize != layout.blockSize()) {
            throw new IOException("the server's checksums are per " + serverBlockSize + " bytes, the disk's blocks "
                    + layout.blockSize() + " bytes");
        }
        ResyncComparison.Result result;
        try (FileChannel channel = FileChannel.open(disk.configuration().path(), StandardOpenOption.READ)) {
            result = ResyncComparison.compare(channel, layout, checksums);
        }
        outbox.resend(diskId, result.differing());
        // durable before it is reported: a crash after the report must not forget what is to be sent again
        checkpoint();
        return new ResyncOutcome(generation, result.comparedBlocks(), result.differingBlocks());
    }

    /** Persists every disk's acknowledged map and drops the intents it covers. */
    public void checkpoint() {
        for (Map.Entry<DiskState, DiskState.Snapshot> snapshot : outbox.snapshots().entrySet()) {
            try {
                snapshot.getKey().write(snapshot.getValue());
            } catch (IOException e) {
                LOG.warning(() -> "Cannot persist the state of disk " + snapshot.getKey().diskId() + ": " + e.getMessage());
            }
        }
    }

    /** Stops replicating and persists the state: what a clean shutdown (SIGTERM) does. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        client.stop();
        clientThread.interrupt();
        disks.values().forEach(disk -> disk.thread().interrupt());
        join(clientThread);
        disks.values().forEach(disk -> join(disk.thread()));
        checkpoints.shutdownNow();
        checkpoint();
        // The disks stay listed, so that the last status written shows where each stopped.
        disks.values().forEach(disk -> closeQuietly(disk.state()));
    }

    /** @return true if the disk joined the replicated set */
    private boolean start(DiskConfiguration disk) {
        DiskId diskId = disk.diskId();
        try {
            DiskState state = DiskState.open(stateDirectory.diskDirectory(diskId), diskId,
                    BlockLayout.forDisk(disk.sizeBytes()));
            if (disk.seeded() && state.neverReplicated()) {
                try {
                    // the seed holds a copy already: what the server holds is its checksums, not zeros
                    state.replaceAcknowledged(BlockHashes.of(seedHashes.of(diskId, state.layout())), Sequence.NONE);
                } catch (IOException | RuntimeException e) {
                    closeQuietly(state);
                    throw new IOException("cannot read the checksums of its seed (tried again at the next "
                            + "configuration pull): " + e.getMessage(), e);
                }
                LOG.info(() -> "Disk " + diskId + ": its seed holds a copy already; only the blocks that differ "
                        + "from it are sent.");
            }
            outbox.add(state);
            DiskReplicator replicator = new DiskReplicator(diskId, disk.path(), state.layout(), outbox, board, settings,
                    events);
            Thread thread = new Thread(replicator, "lifeboat-scan-" + diskId);
            thread.setDaemon(true);
            disks.put(diskId, new Replicated(disk, state, replicator, thread));
            refusedDisks.remove(diskId);
            thread.start();
            LOG.info(() -> "Replicating disk " + diskId + " (" + disk.path() + ", " + disk.sizeBytes() + " bytes).");
            return true;
        } catch (IOException | IllegalArgumentException e) {
            String problem = "cannot replicate " + disk.path() + ": " + e.getMessage();
            DiskReport previous = refusedDisks.put(diskId,
                    new DiskReport(diskId, disk.path(), true, 0, 0, 0, false, problem, Tracker.SCAN, null));
            if (previous == null || !problem.equals(previous.problem())) {
                LOG.warning(() -> "Disk " + diskId + ": " + problem);
            }
            return false;
        }
    }

    private void stop(Replicated disk) {
        disk.thread().interrupt();
        join(disk.thread());
        DiskState.Snapshot last = outbox.snapshots().get(disk.state());
        outbox.remove(disk.configuration().diskId());
        try {
            if (last != null) {
                disk.state().write(last);
            }
        } catch (IOException e) {
            LOG.warning(() -> "Cannot persist the state of disk " + disk.configuration().diskId() + ": " + e.getMessage());
        }
        closeQuietly(disk.state());
    }

    private static void join(Thread thread) {
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void closeQuietly(DiskState state) {
        try {
            state.close();
        } catch (IOException e) {
            LOG.fine(() -> "Closing the state of disk " + state.diskId() + ": " + e.getMessage());
        }
    }
}
