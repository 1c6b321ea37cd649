package org.lifeboat.connector;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;
import jakarta.resource.spi.UnavailableException;
import jakarta.resource.spi.endpoint.MessageEndpoint;
import jakarta.resource.spi.endpoint.MessageEndpointFactory;
import jakarta.resource.spi.work.Work;
import org.lifeboat.connector.journal.CacheJournal;
import org.lifeboat.connector.journal.DiskJournal;
import org.lifeboat.protocol.Ack;
import org.lifeboat.protocol.ChangeRecord;
import org.lifeboat.protocol.DataRecord;
import org.lifeboat.protocol.Durable;
import org.lifeboat.protocol.ErrorCode;
import org.lifeboat.protocol.ErrorReply;
import org.lifeboat.protocol.Frame;
import org.lifeboat.protocol.FrameReader;
import org.lifeboat.protocol.FrameType;
import org.lifeboat.protocol.FrameWriter;
import org.lifeboat.protocol.Hello;
import org.lifeboat.protocol.MalformedFrameException;
import org.lifeboat.protocol.PayloadBudget;
import org.lifeboat.protocol.ProtocolLimits;
import org.lifeboat.protocol.Resume;

/**
 * One agent connection: TLS handshake and HELLO within the handshake deadline, admission by the
 * endpoint, then the agent's change records: each checked against its disk, appended to the cache
 * journal, made durable in batches (one fsync for all the records that arrived together, at most
 * {@value #MAX_BATCH_RECORDS} records or 256 KiB, a record of 64 KiB or more ending its batch) and only then
 * acknowledged. Anything
 * malformed closes this connection only, with the reason logged, before any of it is written.
 * A ping (a HELLO without agent id) is answered and closed: it replicates nothing, so it keeps no slot.
 */
final class ReplicationSession implements Work {

    private static final Logger LOG = Logger.getLogger(ReplicationSession.class.getName());
    /** Records journaled before one fsync and one round of ACKs, at most. */
    private static final int MAX_BATCH_RECORDS = 256;
    /**
     * A record this big or bigger (a scanner's 64 KiB blocks and more) ends its batch: such records pay for their own
     * fsync, as they did before batches grew with what arrived. Measured: batches of those up to 32 MiB, and up to
     * 1 MiB, let a scanner's records flow faster than the upload and apply stages had been sized for, and
     * ReplicationPortLimitsIT's heap after GC reached 345 and 277 MiB (limits 300 and 100 MiB of growth; 219 MiB
     * with one fsync per record).
     */
    private static final long LARGE_RECORD_BYTES = 64L << 10;
    /**
     * Bytes of smaller records journaled before one fsync, at most: sharing an fsync is what small records (one per
     * random 4 KiB write, 6 to 9 KiB each once the agent joins neighbours) need. A 64 KiB cap held them to 10 to 13 a
     * commit, and the session spent 78 to 91 % of its time in fsync+ACK at 5 and 20 MB/s (docs/BENCHMARKS.md).
     */
    private static final long MAX_BATCH_BYTES = 256L << 10;
    /** Header and CRC around each payload. */
    private static final int FRAME_OVERHEAD = 16;
    /** How far ahead of this server's clock a source time may be: beyond it, RPO figures would be lies. */
    private static final Duration MAX_CLOCK_AHEAD = Duration.ofDays(1);
    /** While the cache is full, how often a waiting session looks whether it was replaced or the port closed. */
    private static final long CACHE_FULL_POLL_MILLIS = 200;

    /** Where the conversation is; before {@code REPLICATING} the peer is not authenticated. */
    enum Stage { HANDSHAKE, REPLICATING }

    private final SSLSocket socket;
    /** The connection under TLS: what waits in its kernel buffer are records that arrived with this one. */
    private final InputStream arrived;
    private final ReplicationSettings settings;
    private final MessageEndpointFactory endpointFactory;
    private final ReplicationAcceptor acceptor;
    private final CacheJournal journal;
    private final String peer;
    private final InetAddress address;
    private final long handshakeDeadlineNanos;
    private volatile Stage stage = Stage.HANDSHAKE;
    /** Receive budget this session's thread holds for the frame it is reading or handling. */
    private int budgetHeld;
    private volatile String agentId = "";
    private volatile String closedBecause;
    /** Per disk, the journal generation this session resumed in: it may append and ACK in that one only. */
    private final Map<String, Long> resumedIn = new java.util.HashMap<>();
    /**
     * Per disk of this session, the highest sequence durable in Azure not yet told to the agent. Other
     * threads (the upload worker, the log applier) put notices here; the session's own thread sends them
     * with its next ACKs or heartbeat echo, so the frames it writes never interleave. Bounded by the
     * session's disks: one entry each.
     */
    private final Map<String, Long> durableToTell = new java.util.concurrent.ConcurrentHashMap<>();
    private volatile java.util.Set<String> replicatedDisks = java.util.Set.of();

    ReplicationSession(SSLSocket socket, Socket plain, ReplicationSettings settings,
                       MessageEndpointFactory endpointFactory, ReplicationAcceptor acceptor, CacheJournal journal)
            throws IOException {
        this.socket = socket;
        this.arrived = plain.getInputStream();
        this.settings = settings;
        this.endpointFactory = endpointFactory;
        this.acceptor = acceptor;
        this.journal = journal;
        this.peer = String.valueOf(socket.getRemoteSocketAddress());
        this.address = socket.getInetAddress();
        this.handshakeDeadlineNanos = System.nanoTime() + settings.handshakeTimeout().toNanos();
    }

    InetAddress address() {
        return address;
    }

    /** Still in its handshake past the deadline: a slow or silent peer that must not keep its slot. */
    boolean handshakeOverdue(long nowNanos) {
        return stage == Stage.HANDSHAKE && closedBecause == null && nowNanos - handshakeDeadlineNanos > 0;
    }

    String agentId() {
        return agentId;
    }

    @Override
    public void run() {
        try {
            serve();
        } catch (IOException e) {
            if (closedBecause == null) {
                report(e);
            }
        } catch (RuntimeException e) {
            // a bug or a failing journal must end this connection only, with its reason, never the port
            LOG.log(Level.WARNING, "Replication session of " + peer + " failed", e);
            acceptor.reject(peer, "internal error: " + e);
        } finally {
            releaseBudget();
            // closed only after the reason is counted and logged, so a client that sees the close sees it counted
            ReplicationAcceptor.closeQuietly(socket);
            acceptor.sessionEnded(this);
        }
    }

    private void report(IOException failure) {
        if (failure instanceof SocketTimeoutException) {
            acceptor.reject(peer, stage == Stage.HANDSHAKE
                    ? "nothing received for " + handshakeReadTimeout().toSeconds() + " s during the handshake"
                    : "agent " + agentId + " idle for " + settings.idleTimeout().toSeconds() + " s");
        } else if (failure instanceof MalformedFrameException e) {
            acceptor.reject(peer, "malformed frame (" + e.reason() + "): " + e.getMessage());
        } else if (failure instanceof SSLException) {
            acceptor.reject(peer, "TLS failed: " + failure.getMessage());
        } else if (failure instanceof EOFException) {
            acceptor.reject(peer, "connection closed in the middle of the handshake");
        } else if (failure instanceof ProtocolViolation) {
            acceptor.reject(peer, failure.getMessage());
        } else if (!socket.isClosed()) {
            LOG.log(Level.INFO, "Replication connection from {0} ended: {1}",
                    new Object[]{peer, failure.getMessage()});
        }
    }

    /**
     * Ends the session from another thread, now (e.g. its agent was revoked); the reason is counted here,
     * so the failure this causes on the session's own thread is not reported again.
     */
    void closeBecause(String reason) {
        closedBecause = reason;
        acceptor.reject(peer, reason);
        release();
    }

    private void serve() throws IOException {
        socket.setSoTimeout((int) handshakeReadTimeout().toMillis());
        socket.startHandshake();
        BufferedInputStream input = new BufferedInputStream(socket.getInputStream(), 1 << 16);
        FrameReader reader = new FrameReader(input);
        FrameWriter writer = new FrameWriter(new BufferedOutputStream(socket.getOutputStream(), 1 << 16));

        // before authentication a peer may send a HELLO and nothing bigger
        Frame first = reader.read(ProtocolLimits.MAX_HELLO_PAYLOAD_BYTES, PayloadBudget.UNLIMITED)
                .orElseThrow(() -> new EOFException("closed before HELLO"));
        if (first.type() != FrameType.HELLO) {
            throw refusal(writer, ErrorCode.MALFORMED_FRAME, "the first frame must be HELLO, got " + first.type());
        }
        Admission admission = deliver(Hello.from(first));
        if (!admission.admitted()) {
            writer.write(admission.refusal().toFrame());
            throw new ProtocolViolation("handshake refused: " + admission.refusal().message());
        }
        agentId = admission.agentId();
        Map<String, Admission.AdmittedDisk> disks = new LinkedHashMap<>();
        admission.disks().forEach(d -> disks.put(d.diskId(), d));
        if (agentId.isEmpty()) {
            // a ping: answered, then closed, so that pings never hold the slots agents need
            writer.write(admission.welcome().toFrame());
            writer.write(resume(disks).toFrame());
            acceptor.status().pingAnswered();
            return;
        }
        if (!acceptor.claim(this)) {
            throw refusal(writer, ErrorCode.UNAUTHENTICATED, "agent " + agentId + " was revoked");
        }
        stage = Stage.REPLICATING;
        acceptor.handshakeEnded(this);
        writer.write(admission.welcome().toFrame());
        writer.write(resume(disks).toFrame());
        // what is durable in Azure already, so that the agent lets go of it (and knows it after a lost journal)
        replicatedDisks = java.util.Set.copyOf(disks.keySet());
        for (Admission.AdmittedDisk disk : disks.values()) {
            if (disk.durableInAzure() > 0) {
                durableInAzure(disk.diskId(), disk.durableInAzure());
            }
        }
        tellDurable(writer);

        socket.setSoTimeout((int) settings.idleTimeout().toMillis());
        waitWhileCacheIsFull(); // an agent reconnecting to a full cache (e.g. after a journal failure) waits here
        Batch batch = new Batch();
        while (true) {
            if (journal.nearlyFull()) {
                // back-pressure before taking more: what is journaled is acknowledged, nothing more is read
                batch.commit(writer);
                waitWhileCacheIsFull();
            }
            Optional<Frame> next = reader.read(ProtocolLimits.MAX_PAYLOAD_BYTES, this::reserveBudget);
            if (next.isEmpty()) {
                break;
            }
            Frame frame = next.get();
            if (frame.type() == FrameType.HEARTBEAT) {
                writer.write(frame);
                tellDurable(writer);
            } else if (ChangeRecord.isChangeRecord(frame.type())) {
                acceptor.status().received(frame.payloadLength() + FRAME_OVERHEAD);
                batch.add(checked(decoded(frame, writer), disks, writer), frame);
            } else {
                throw refusal(writer, ErrorCode.MALFORMED_FRAME, "unexpected " + frame.type() + " frame from agent " + agentId);
            }
            releaseBudget(); // the frame is in the journal's file now
            if (batch.full() || (batch.nonEmpty() && nothingArrived(input))) {
                batch.commit(writer);
            }
        }
        batch.commit(writer);
    }

    /** The acceptor closes a handshake at its absolute deadline; this per-read timeout only backs it up. */
    private Duration handshakeReadTimeout() {
        return settings.handshakeTimeout().multipliedBy(2);
    }

    private void reserveBudget(int bytes) throws IOException {
        acceptor.receiveBudget().reserve(bytes, settings.idleTimeout());
        budgetHeld += bytes;
    }

    private void releaseBudget() {
        if (budgetHeld > 0) {
            acceptor.receiveBudget().release(budgetHeld);
            budgetHeld = 0;
        }
    }

    /** A record whose fields do not fit what the server stores is refused with ERROR, before any ACK. */
    private ChangeRecord decoded(Frame frame, FrameWriter writer) throws ProtocolViolation {
        try {
            return ChangeRecord.from(frame);
        } catch (MalformedFrameException e) {
            throw refusal(writer, ErrorCode.MALFORMED_FRAME, "malformed frame (" + e.reason() + "): " + e.getMessage());
        }
    }

    private Resume resume(Map<String, Admission.AdmittedDisk> disks) throws IOException {
        var resumed = new java.util.ArrayList<Resume.DiskResume>();
        for (Admission.AdmittedDisk disk : disks.values()) {
            DiskJournal diskJournal = journal.disk(disk.diskId());
            resumedIn.put(disk.diskId(), diskJournal.generation()); // read first: a failure in between only ends us
            // a journal that lost the disk's records (its file system died, its home was deleted) still
            // holds what is durable in Azure: the agent resends what it had acknowledged after that
            long held = Math.max(diskJournal.durableSequence(), disk.durableInAzure());
            resumed.add(new Resume.DiskResume(disk.diskId(), disk.sizeBytes(), held));
        }
        return new Resume(resumed);
    }

    /**
     * Queues a durability notice for the agent if this session replicates the disk (a later, higher one
     * replaces it); the session's thread sends it.
     *
     * @return whether this session replicates the disk
     */
    boolean durableInAzure(String diskId, long sequence) {
        if (!replicatedDisks.contains(diskId)) {
            return false;
        }
        durableToTell.merge(diskId, sequence, Math::max);
        return true;
    }

    /** Sends the queued durability notices; on the session's thread only. */
    private void tellDurable(FrameWriter writer) throws IOException {
        for (String diskId : replicatedDisks) {
            Long sequence = durableToTell.remove(diskId);
            if (sequence != null) {
                writer.write(new Durable(diskId, sequence).toFrame());
            }
        }
    }

    /** A record for a disk this agent may replicate, inside that disk: anything else ends the session. */
    private ChangeRecord checked(ChangeRecord record, Map<String, Admission.AdmittedDisk> disks, FrameWriter writer)
            throws ProtocolViolation {
        Admission.AdmittedDisk disk = disks.get(record.diskId());
        if (disk == null) {
            throw refusal(writer, ErrorCode.MALFORMED_FRAME, "disk " + record.diskId() + " is not replicated by agent " + agentId);
        }
        // compared without adding to the offset, which a hostile offset would overflow
        if (record instanceof DataRecord data && data.offset() > disk.sizeBytes() - data.length()) {
            throw refusal(writer, ErrorCode.MALFORMED_FRAME, "record " + data.sequence() + " writes " + data.length()
                    + " bytes at offset " + data.offset() + ", past the end of disk " + disk.diskId() + " ("
                    + disk.sizeBytes() + " bytes)");
        }
        long aheadMillis = record.sourceTimeMillis() - System.currentTimeMillis();
        if (aheadMillis > MAX_CLOCK_AHEAD.toMillis()) {
            throw refusal(writer, ErrorCode.MALFORMED_FRAME, "record " + record.sequence() + " has a source time "
                    + Duration.ofMillis(aheadMillis).toHours() + " h ahead of the server's clock; check the agent's clock");
        }
        return record;
    }

    /**
     * Nothing more to read without waiting: neither decrypted bytes nor TLS records behind them. Measured
     * (docs/BENCHMARKS.md, stack RPO): looking at the decrypted bytes only, an agent's random 4 KiB writes
     * (one TLS record per frame) were journaled one fsync each, which held them to a few hundred a second.
     */
    private boolean nothingArrived(InputStream input) throws IOException {
        return input.available() == 0 && arrived.available() == 0;
    }

    /**
     * Reads nothing while the cache is full, so the agent waits. The wait ends when the cache has room,
     * when this session was replaced by a reconnect of its agent or revoked (its socket is closed), when
     * the port closes, or after the idle timeout: a peer that is gone must not keep a slot and a thread.
     * The agent resends whatever was not acknowledged, so ending here loses nothing.
     */
    private void waitWhileCacheIsFull() throws IOException {
        long deadline = System.nanoTime() + settings.idleTimeout().toNanos();
        boolean warned = false;
        while (journal.nearlyFull()) {
            if (socket.isClosed() || !acceptor.isRunning()) {
                throw new SocketException("session of agent " + agentId + " closed while the cache was full");
            }
            if (System.nanoTime() - deadline > 0) {
                throw new ProtocolViolation("the cache stayed full for " + settings.idleTimeout().toSeconds()
                        + " s; agent " + agentId + " reconnects and resends");
            }
            if (!warned) {
                LOG.warning(() -> "Cache nearly full (" + journal.usedBytes() + " of " + journal.capacityBytes()
                        + " bytes used, " + journal.freeBytes() + " bytes free on its file system): agent " + agentId
                        + " waits until uploads make room");
                warned = true;
            }
            try {
                Thread.sleep(CACHE_FULL_POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while the cache is full", e);
            }
        }
    }

    private Admission deliver(Hello hello) throws IOException {
        MessageEndpoint endpoint;
        try {
            endpoint = endpointFactory.createEndpoint(null);
        } catch (UnavailableException e) {
            throw new ProtocolViolation("no endpoint available: " + e.getMessage());
        }
        try {
            return ((ReplicationListener) endpoint).onHello(hello, new ReplicationPeer(peer,
                    socket.getSession().getProtocol()));
        } finally {
            endpoint.release();
        }
    }

    /** Tells the agent why before closing, so its operator sees the reason too. */
    private static ProtocolViolation refusal(FrameWriter writer, ErrorCode code, String reason) {
        try {
            writer.write(new ErrorReply(code, reason).toFrame());
        } catch (IOException ignored) {
            // the peer may be gone; the reason is logged either way
        }
        return new ProtocolViolation(reason);
    }

    @Override
    public void release() {
        ReplicationAcceptor.closeQuietly(socket);
    }

    /**
     * Records read since the last commit. Records the journal already holds (a resend after a lost
     * ACK) are not written again, only acknowledged. Sequences only grow; they may skip numbers the
     * agent assigned to records it lost in a crash and captured again under new numbers.
     */
    private final class Batch {
        private final Map<String, DiskJournal> touched = new LinkedHashMap<>();
        private int records;
        private long bytes;
        private boolean large;

        void add(ChangeRecord record, Frame frame) throws IOException {
            DiskJournal disk = journal.disk(record.diskId());
            touched.put(record.diskId(), disk);
            records++;
            if (record.sequence() <= disk.lastAppended()) {
                return;
            }
            // the frame as it came, CRC included: the journal holds exactly what the agent sent
            disk.append(record, frame.wire(), resumedIn.get(record.diskId()));
            bytes += frame.wireLength();
            large |= frame.wireLength() >= LARGE_RECORD_BYTES;
            journal.grew(frame.wireLength());
        }

        boolean full() {
            return records >= MAX_BATCH_RECORDS || bytes >= MAX_BATCH_BYTES || large;
        }

        boolean nonEmpty() {
            return records > 0;
        }

        void commit(FrameWriter writer) throws IOException {
            if (records == 0) {
                tellDurable(writer);
                return;
            }
            long started = System.nanoTime();
            acceptor.status().journaled(records);
            for (DiskJournal disk : touched.values()) {
                long durable = disk.sync(resumedIn.get(disk.diskId()));
                writer.write(new Ack(disk.diskId(), durable).toFrame());
            }
            tellDurable(writer);
            acceptor.status().committed(System.nanoTime() - started);
            touched.clear();
            records = 0;
            bytes = 0;
            large = false;
        }
    }

    /** A well-formed frame that breaks the conversation's rules. */
    private static final class ProtocolViolation extends IOException {
        ProtocolViolation(String message) {
            super(message);
        }
    }
}
