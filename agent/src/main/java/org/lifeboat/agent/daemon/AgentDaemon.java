package org.lifeboat.agent.daemon;

import java.io.DataInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.lifeboat.agent.AgentVersion;
import org.lifeboat.agent.api.AgentConfiguration;
import org.lifeboat.agent.api.AgentEvent;
import org.lifeboat.agent.api.AgentRevokedException;
import org.lifeboat.agent.api.DiskHeartbeat;
import org.lifeboat.agent.api.Heartbeat;
import org.lifeboat.agent.api.JsonFields;
import org.lifeboat.agent.api.ResyncOutcome;
import org.lifeboat.agent.api.ResyncRequest;
import org.lifeboat.agent.api.SeedChecksums;
import org.lifeboat.agent.api.ServerApi;
import org.lifeboat.agent.api.ServerApiException;
import org.lifeboat.agent.api.Severity;
import org.lifeboat.agent.bookmark.BookmarkFailedException;
import org.lifeboat.agent.bookmark.BookmarkResult;
import org.lifeboat.agent.bookmark.BookmarkScheduler;
import org.lifeboat.agent.bookmark.BookmarkService;
import org.lifeboat.agent.bookmark.FreezeHooks;
import org.lifeboat.agent.connection.ServerAddress;
import org.lifeboat.agent.connection.ServerTrust;
import org.lifeboat.agent.control.ControlProtocol;
import org.lifeboat.agent.control.ControlServer;
import org.lifeboat.agent.disk.DiskId;
import org.lifeboat.agent.tracking.BlockLayout;
import org.lifeboat.agent.groupbookmark.GroupRoundPoller;
import org.lifeboat.agent.replication.DiskReport;
import org.lifeboat.agent.replication.ConnectionState;
import org.lifeboat.agent.replication.ReplicationEngine;
import org.lifeboat.agent.state.AgentIdentity;
import org.lifeboat.files.SecureFiles;
import org.lifeboat.agent.state.StateDirectory;
import org.lifeboat.agent.state.StateException;
import org.lifeboat.agent.state.StateLock;
import org.lifeboat.agent.status.AgentStatus;
import org.lifeboat.agent.status.StatusFile;
import org.lifeboat.protocol.Consistency;

/**
 * The agent's daemon ({@code run}): pulls its configuration, replicates the protected disks,
 * heartbeats, takes scheduled bookmarks and its replication group's rounds, reports status, and answers the
 * control socket, until it is stopped or the server revokes it.
 */
public final class AgentDaemon implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(AgentDaemon.class.getName());

    private final StateDirectory state;
    private final ServerApi api;
    private final ServerTrust pinnedServer;
    private final FreezeHooks hooks;
    private final DaemonSettings settings;
    private final StatusFile statusFile;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2, daemonThreads("lifeboat-daemon"));
    private final ExecutorService eventSender = Executors.newSingleThreadExecutor(daemonThreads("lifeboat-events"));
    private final Map<DiskId, String> reportedProblems = new HashMap<>();
    private final ExecutorService groupRounds = Executors.newSingleThreadExecutor(daemonThreads("lifeboat-group-rounds"));
    private final ExecutorService resyncRunner = Executors.newSingleThreadExecutor(daemonThreads("lifeboat-resync"));
    /** The last resync finished per disk since start (reported in heartbeats), and the last one started. */
    private final Map<DiskId, ResyncOutcome> resyncsDone = new ConcurrentHashMap<>();
    private final Map<DiskId, Long> resyncsStarted = new ConcurrentHashMap<>();
    private StateLock lock;
    private AgentIdentity identity;
    private volatile AgentConfiguration configuration;
    private ReplicationEngine engine;
    private BookmarkService bookmarks;
    private BookmarkScheduler bookmarkScheduler;
    private ControlServer control;
    private volatile String revoked;
    private final Object pulling = new Object();
    /** When the last refusal that made the daemon pull its configuration at once began. */
    private Instant assignmentRefusalSeen;
    private String heartbeatFailure;
    /** The disks' initial completions the server was told of (in a periodic task only). */
    private long initialCompletionsReported;
    private boolean closed;

    public AgentDaemon(StateDirectory state, ServerApi api, ServerTrust pinnedServer, FreezeHooks hooks,
                       DaemonSettings settings) {
        this.state = state;
        this.api = api;
        this.pinnedServer = pinnedServer;
        this.hooks = hooks;
        this.settings = settings;
        this.statusFile = new StatusFile(state.statusFile());
    }

    /**
     * Starts everything and returns; {@link #awaitStop()} waits for the end.
     *
     * @throws StateException         if the state directory is unusable or another daemon runs on it
     * @throws AgentRevokedException  if the server no longer accepts this agent
     */
    public synchronized void start() throws StateException, AgentRevokedException {
        lock = StateLock.hold(state);
        try {
            identity = state.identity();
            configuration = cachedConfiguration();
            pullConfiguration();
            engine = new ReplicationEngine(state, identity, pinnedServer, settings.replication(), this::seedHashes,
                    this::postEvent);
            engine.replicate(configuration.protectedDisks(), replicationAddress(), pinnedCertificate());
            bookmarks = new BookmarkService(engine, this::postEvent, hooks);
            bookmarkScheduler = new BookmarkScheduler(bookmarks::take, () -> configuration.policy(),
                    () -> engine.initialReplicationDone(), () -> engine.initialCompletions());
            control = ControlServer.start(state.controlSocket(), this::handle);
        } catch (IOException e) {
            close();
            throw new StateException("Cannot open the control socket: " + e.getMessage(), e);
        } catch (StateException | AgentRevokedException | RuntimeException e) {
            close();
            throw e;
        }
        every(settings.configurationInterval(), this::refreshConfiguration);
        every(settings.statusInterval(), this::writeStatus);
        every(settings.statusInterval(), this::followAssignment);
        every(settings.statusInterval(), this::reportInitialCompletions);
        every(settings.bookmarkTick(), bookmarkScheduler::tick);
        scheduler.schedule(this::heartbeat, 0, TimeUnit.MILLISECONDS);
        groupRounds.execute(new GroupRoundPoller(api, bookmarks, this::revoke));
        LOG.info(() -> "Agent " + identity.agentId() + " running; state in " + state.root() + ".");
    }

    /**
     * Waits until the daemon stops.
     *
     * @return why the server refused the agent, or null after a normal stop
     */
    public String awaitStop() throws InterruptedException {
        stopped.await();
        return revoked;
    }

    /** Stops replicating and persists everything; what SIGTERM does. Safe to call more than once. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        scheduler.shutdownNow();
        resyncRunner.shutdownNow();
        groupRounds.shutdownNow();
        if (bookmarkScheduler != null) {
            bookmarkScheduler.close();
        }
        if (control != null) {
            try {
                control.close();
            } catch (IOException e) {
                LOG.fine(() -> "Closing the control socket: " + e.getMessage());
            }
        }
        if (engine != null) {
            engine.close();
            writeStatus();
        }
        eventSender.shutdown();
        releaseLock();
        stopped.countDown();
        LOG.info("Agent stopped.");
    }

    private void handle(String request, ControlServer.Reply reply) throws InterruptedException {
        String[] words = request.split(" ");
        if (words.length == 1 && words[0].equals(ControlProtocol.STATUS)) {
            reply.ok(status().toJson().toString());
        } else if (words.length == 3 && words[0].equals(ControlProtocol.BOOKMARK)) {
            Consistency consistency;
            Duration timeout;
            try {
                consistency = Consistency.valueOf(words[1]);
                timeout = Duration.ofSeconds(Long.parseLong(words[2]));
            } catch (IllegalArgumentException e) {
                reply.error("usage: BOOKMARK CRASH_CONSISTENT|APP_CONSISTENT SECONDS");
                return;
            }
            try {
                BookmarkResult result = bookmarks.take(consistency, timeout);
                result.notes().forEach(reply::note);
                reply.ok(result.bookmarkId() + " " + result.consistency());
            } catch (BookmarkFailedException e) {
                reply.error(e.getMessage());
            }
        } else {
            reply.error("unknown request; expected STATUS or BOOKMARK CRASH_CONSISTENT|APP_CONSISTENT SECONDS");
        }
    }

    private AgentStatus status() {
        return new AgentStatus(identity.agentId(), Instant.now(), engine.connection(), engine.reports());
    }

    /**
     * A process server that does not hold this agent's item refuses the session naming the owner: the item was
     * switched or re-homed. Pulls the configuration at once (once per refusal), instead of retrying the old address
     * until the next scheduled pull.
     */
    private void followAssignment() {
        ConnectionState connection = engine.connection();
        if (refusedForAssignment(connection) && !connection.since().equals(assignmentRefusalSeen)) {
            assignmentRefusalSeen = connection.since();
            LOG.info(() -> "The process server " + connection.server() + " refused the session: " + connection.detail()
                    + "; pulling the configuration again.");
            refreshConfiguration();
        }
    }

    /** Whether the connection failed because the process server does not hold this agent's item. */
    static boolean refusedForAssignment(ConnectionState connection) {
        return connection.phase() == ConnectionState.Phase.DISCONNECTED && connection.detail() != null
                && connection.detail().contains(" is assigned to process server ");
    }

    private void writeStatus() {
        AgentStatus status = status();
        try {
            statusFile.write(status);
        } catch (IOException e) {
            LOG.warning(() -> "Cannot write " + state.statusFile() + ": " + e.getMessage());
        }
        for (DiskReport disk : status.disks()) {
            String previous = reportedProblems.put(disk.diskId(), disk.problem());
            if (disk.problem() != null && !disk.problem().equals(previous)) {
                postEvent(new AgentEvent(Severity.WARNING, "Disk " + disk.diskId() + ": " + disk.problem()));
            }
        }
    }

    /**
     * A disk that completed its initial replication is reported at once rather than at the next heartbeat (30 s by
     * default): until the server hears it, its process server applies the disk's segments with the initial
     * replication's direct-apply window (60 s), and the first writes after it waited that long for Azure
     * (docs/BENCHMARKS.md, RPO through the stack).
     */
    private void reportInitialCompletions() {
        long completions = engine.initialCompletions();
        if (completions != initialCompletionsReported) {
            initialCompletionsReported = completions;
            beat();
        }
    }

    private void heartbeat() {
        if (!beat()) {
            return;
        }
        // Rescheduled each time, so that a changed heartbeat interval applies at once.
        try {
            scheduler.schedule(this::heartbeat, configuration.heartbeatInterval().toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            LOG.fine("Heartbeats end: the agent is stopping.");
        }
    }

    /**
     * Sends one heartbeat and starts the resyncs its answer asks for.
     *
     * @return false when the server revoked the agent
     */
    private boolean beat() {
        try {
            List<ResyncRequest> asked = api.heartbeat(new Heartbeat(AgentVersion.current(), engine.reports().stream()
                    .map(disk -> new DiskHeartbeat(disk.diskId(), disk.initial(), disk.initialPercent(),
                            disk.pendingBytes(), disk.lastAckedSequence(), disk.connected(),
                            resyncsDone.get(disk.diskId()), disk.tracker().label(), disk.trackerNote()))
                    .toList()));
            heartbeatFailure = null;
            asked.forEach(this::startResync);
        } catch (AgentRevokedException e) {
            revoke(e);
            return false;
        } catch (ServerApiException e) {
            if (!e.getMessage().equals(heartbeatFailure)) {
                LOG.warning(() -> "Heartbeat: " + e.getMessage());
            }
            heartbeatFailure = e.getMessage();
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, "Unexpected failure sending a heartbeat", e);
        }
        return true;
    }

    /** Starts a resync the server asked for, unless that generation is done or under way already. */
    private void startResync(ResyncRequest request) {
        ResyncOutcome done = resyncsDone.get(request.diskId());
        if (done != null && done.generation() >= request.generation()) {
            return;
        }
        if (resyncsStarted.getOrDefault(request.diskId(), 0L) >= request.generation()) {
            return;
        }
        resyncsStarted.put(request.diskId(), request.generation());
        try {
            resyncRunner.execute(() -> resync(request));
        } catch (RejectedExecutionException e) {
            LOG.fine("Resyncs end: the agent is stopping.");
        }
    }

    /** The server's checksums of a disk's seed, read whole: a seeded disk's first acknowledged map. */
    private long[] seedHashes(DiskId diskId, BlockLayout layout) throws IOException {
        try (SeedChecksums checksums = api.checksums(diskId)) {
            if (checksums.blockSize() != layout.blockSize()) {
                throw new IOException("the server's checksums are per " + checksums.blockSize() + " bytes, the disk's "
                        + "blocks " + layout.blockSize() + " bytes");
            }
            DataInputStream in = new DataInputStream(checksums.stream());
            long[] hashes = new long[layout.blockCount()];
            for (int block = 0; block < hashes.length; block++) {
                hashes[block] = in.readLong();
            }
            return hashes;
        } catch (ServerApiException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    /** Compares the disk with its seed, has what differs sent again, and reports it with a heartbeat at once. */
    private void resync(ResyncRequest request) {
        LOG.info(() -> "Resync " + request.generation() + " of disk " + request.diskId() + ": comparing it with the "
                + "server's checksums.");
        try (SeedChecksums checksums = api.checksums(request.diskId())) {
            ResyncOutcome outcome = engine.resync(request.diskId(), request.generation(), checksums.blockSize(),
                    checksums.stream());
            resyncsDone.put(request.diskId(), outcome);
            LOG.info(() -> "Resync " + request.generation() + " of disk " + request.diskId() + ": "
                    + outcome.comparedBlocks() + " blocks compared, " + outcome.differingBlocks()
                    + " differed and are sent again.");
        } catch (AgentRevokedException e) {
            revoke(e);
            return;
        } catch (ServerApiException | IOException | RuntimeException e) {
            // the server keeps asking in its heartbeat answers: the next one tries again
            resyncsStarted.remove(request.diskId());
            LOG.warning(() -> "Resync " + request.generation() + " of disk " + request.diskId() + " failed: "
                    + e.getMessage());
            return;
        }
        try {
            scheduler.execute(this::beat);
        } catch (RejectedExecutionException e) {
            LOG.fine("The agent is stopping.");
        }
    }

    /** The process server this agent replicates to: the configuration's, unless the daemon was told another. */
    private ServerAddress replicationAddress() {
        return settings.processServer().orElse(configuration.replicationAddress());
    }

    /**
     * The certificate the agent accepts at {@link #replicationAddress()}: the one the configuration names for its
     * process server; at another address the daemon was told (tests), or from a server that names none, the one
     * pinned at registration.
     */
    private Optional<String> pinnedCertificate() {
        return replicationAddress().equals(configuration.replicationAddress())
                ? configuration.processServerCertificateSha256() : Optional.empty();
    }

    private void refreshConfiguration() {
        synchronized (pulling) { // the scheduled pull and one after a refusal run on two scheduler threads
            try {
                pullConfiguration();
                engine.replicate(configuration.protectedDisks(), replicationAddress(), pinnedCertificate());
            } catch (AgentRevokedException e) {
                revoke(e);
            }
        }
    }

    private void pullConfiguration() throws AgentRevokedException {
        try {
            AgentConfiguration pulled = api.configuration();
            if (!pulled.equals(configuration)) {
                SecureFiles.writeAtomically(state.configurationFile(),
                        pulled.toJson().toString().getBytes(StandardCharsets.UTF_8));
                configuration = pulled;
            }
        } catch (AgentRevokedException e) {
            throw e;
        } catch (ServerApiException e) {
            LOG.warning(() -> "Cannot pull the configuration (" + e.getMessage() + "); using the last one.");
        } catch (IOException e) {
            LOG.warning(() -> "Cannot save the configuration: " + e.getMessage());
        }
    }

    private AgentConfiguration cachedConfiguration() throws StateException {
        try {
            return AgentConfiguration.fromJson(JsonFields.parseObject(
                    Files.readString(state.configurationFile(), StandardCharsets.UTF_8)));
        } catch (NoSuchFileException e) {
            throw new StateException(state.configurationFile() + " is missing; register the agent again.");
        } catch (IOException | IllegalArgumentException e) {
            throw new StateException("Cannot read " + state.configurationFile() + ": " + e.getMessage(), e);
        }
    }

    private void revoke(AgentRevokedException e) {
        revoked = e.getMessage();
        LOG.severe("Stopping: " + e.getMessage());
        // Not on the scheduler's own thread: closing shuts the scheduler down and waits for the engine.
        Thread stopper = new Thread(this::close, "lifeboat-stop");
        stopper.start();
    }

    private void postEvent(AgentEvent event) {
        if (eventSender.isShutdown()) {
            return;
        }
        eventSender.execute(() -> {
            try {
                api.event(event);
            } catch (ServerApiException e) {
                LOG.warning(() -> "Cannot post the event \"" + event.message() + "\": " + e.getMessage());
            }
        });
    }

    private void every(Duration interval, Runnable task) {
        scheduler.scheduleWithFixedDelay(() -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                LOG.log(Level.SEVERE, "Unexpected failure in a periodic task", e);
            }
        }, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void releaseLock() {
        if (lock == null) {
            return;
        }
        try {
            lock.close();
        } catch (IOException e) {
            LOG.fine(() -> "Releasing the state lock: " + e.getMessage());
        }
    }

    private static ThreadFactory daemonThreads(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }
}
