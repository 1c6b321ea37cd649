package org.lifeboat.agent.testing;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;

import javax.net.ssl.SSLServerSocket;

import org.lifeboat.agent.connection.ServerAddress;
import org.lifeboat.protocol.Ack;
import org.lifeboat.protocol.ChangeRecord;
import org.lifeboat.protocol.DataRecord;
import org.lifeboat.protocol.ErrorCode;
import org.lifeboat.protocol.ErrorReply;
import org.lifeboat.protocol.Frame;
import org.lifeboat.protocol.FrameReader;
import org.lifeboat.protocol.FrameType;
import org.lifeboat.protocol.FrameWriter;
import org.lifeboat.protocol.Hello;
import org.lifeboat.protocol.Resume;
import org.lifeboat.protocol.Durable;
import org.lifeboat.protocol.Welcome;

/**
 * A process server in miniature, on the real protocol classes: accepts HELLO, answers WELCOME and
 * RESUME, journals records in memory, applies them to an in-memory replica of each disk and ACKs
 * them. Tests can hold ACKs back, drop connections, or "crash", losing what it had not acknowledged.
 */
public final class FakeProcessServer implements AutoCloseable {

    /** One disk as the server holds it. */
    private static final class Replica {
        final byte[] image;
        long durable;
        /** What is durable in "Azure": the image and sequence as of the last {@link #makeDurableInAzure}. */
        byte[] azureImage;
        long inAzure;
        final List<ChangeRecord> pending = new ArrayList<>();
        final List<ChangeRecord> received = new ArrayList<>();
        final List<ChangeRecord> journal = new ArrayList<>();
        int gaps;

        Replica(int size) {
            this.image = new byte[size];
            this.azureImage = new byte[size];
        }

        long lastHeld() {
            return pending.isEmpty() ? durable : pending.get(pending.size() - 1).sequence();
        }
    }

    /** One agent connection; frames to it are written by more than one thread. */
    private static final class Session {
        final Socket socket;
        final FrameWriter writer;

        Session(Socket socket) throws IOException {
            this.socket = socket;
            this.writer = new FrameWriter(socket.getOutputStream());
        }

        synchronized void send(Frame frame) {
            try {
                writer.write(frame);
            } catch (IOException e) {
                close();
            }
        }

        /** Closed by the test (or the agent): frames still in its buffers are not taken, as a dead server's are not. */
        volatile boolean closed;

        void close() {
            closed = true;
            try {
                socket.close();
            } catch (IOException e) {
                // Already gone.
            }
        }
    }

    private final SSLServerSocket socket;
    private final Thread acceptor;
    private final Map<String, Replica> replicas = new LinkedHashMap<>();
    private final List<Session> sessions = new CopyOnWriteArrayList<>();
    private final List<Hello> hellos = new CopyOnWriteArrayList<>();
    private final String agentId;
    private final byte[] credential;
    private boolean holdAcks;
    private volatile boolean busy;

    /** Accepts only the agent with this id and credential. */
    public FakeProcessServer(TestCertificate certificate, String agentId, String credential)
            throws IOException, GeneralSecurityException {
        this.agentId = agentId;
        this.credential = credential.getBytes(StandardCharsets.UTF_8);
        this.socket = (SSLServerSocket) certificate.serverContext().getServerSocketFactory()
                .createServerSocket(0, 10, InetAddress.getLoopbackAddress());
        this.acceptor = new Thread(this::accept, "fake-process-server");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public ServerAddress address() {
        return new ServerAddress("localhost", socket.getLocalPort());
    }

    public synchronized FakeProcessServer addDisk(String diskId, int sizeBytes) {
        replicas.put(diskId, new Replica(sizeBytes));
        return this;
    }

    /** As if the server already held records up to {@code sequence} of a disk. */
    public synchronized void setDurable(String diskId, long sequence) {
        replicas.get(diskId).durable = sequence;
    }

    /** While held, records are received but neither made durable nor acknowledged. */
    public synchronized void holdAcks(boolean hold) {
        holdAcks = hold;
        if (!hold) {
            replicas.forEach((diskId, replica) -> commit(diskId, replica));
        }
    }

    /** While busy, every HELLO is answered SERVER_BUSY (a server starting up): agents stay disconnected. */
    public void busy(boolean busy) {
        this.busy = busy;
    }

    /** Closes every connection; what was received is kept. */
    public void dropConnections() {
        sessions.forEach(Session::close);
    }

    /** Everything of the disk the journal holds is now durable in "Azure": tells the agent with a DURABLE. */
    public synchronized void makeDurableInAzure(String diskId) {
        Replica replica = replicas.get(diskId);
        replica.azureImage = replica.image.clone();
        replica.inAzure = replica.durable;
        Frame durable = new Durable(diskId, replica.inAzure).toFrame();
        sessions.forEach(session -> session.send(durable));
    }

    /**
     * Loses the journal, as a server whose disk died (or whose home was deleted) would: the disk is back to
     * what is durable in "Azure", and so is what RESUME reports; every connection closes.
     */
    public synchronized void loseJournal(String diskId) {
        Replica replica = replicas.get(diskId);
        System.arraycopy(replica.azureImage, 0, replica.image, 0, replica.image.length);
        replica.durable = replica.inAzure;
        replica.pending.clear();
        replica.journal.removeIf(record -> record.sequence() > replica.inAzure);
        dropConnections();
    }

    /** Loses everything not yet acknowledged and closes every connection, as a crashed server would. */
    public synchronized void crash() {
        replicas.values().forEach(replica -> replica.pending.clear());
        dropConnections();
    }

    public synchronized long durable(String diskId) {
        return replicas.get(diskId).durable;
    }

    /** A copy of the disk's replica as the server holds it. */
    public synchronized byte[] image(String diskId) {
        return replicas.get(diskId).image.clone();
    }

    public synchronized String imageSha256(String diskId) {
        return sha256(replicas.get(diskId).image);
    }

    /** Every record that arrived, duplicates included, in order. */
    public synchronized List<ChangeRecord> received(String diskId) {
        return List.copyOf(replicas.get(diskId).received);
    }

    /** The records made durable, in sequence order: what a real server would apply. */
    public synchronized List<ChangeRecord> journal(String diskId) {
        return List.copyOf(replicas.get(diskId).journal);
    }

    public synchronized long dataBytesReceived(String diskId) {
        return replicas.get(diskId).received.stream()
                .filter(DataRecord.class::isInstance).mapToLong(record -> ((DataRecord) record).length()).sum();
    }

    public synchronized void forgetReceived(String diskId) {
        replicas.get(diskId).received.clear();
    }

    /** Sequences that skipped ahead of the last one held: allowed after a RESUME, counted for tests. */
    public synchronized int gaps(String diskId) {
        return replicas.get(diskId).gaps;
    }

    public List<Hello> hellos() {
        return List.copyOf(hellos);
    }

    public int connectionCount() {
        return sessions.size();
    }

    /** Waits until the condition holds, checking every 20 ms, or fails the test. */
    public static void await(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout.toSeconds() + " s waiting until " + what);
            }
            Thread.sleep(20);
        }
    }

    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
        dropConnections();
    }

    private void accept() {
        while (!socket.isClosed()) {
            try {
                Socket connection = socket.accept();
                Thread thread = new Thread(() -> serve(connection), "fake-process-server-session");
                thread.setDaemon(true);
                thread.start();
            } catch (IOException e) {
                // Closed by the test.
            }
        }
    }

    private void serve(Socket connection) {
        Session session = null;
        try (connection) {
            session = new Session(connection);
            FrameReader reader = new FrameReader(new BufferedInputStream(connection.getInputStream()));
            Optional<Frame> first = reader.read();
            if (first.isEmpty()) {
                return;
            }
            Hello hello = Hello.from(first.get());
            hellos.add(hello);
            if (!hello.agentId().equals(agentId) || !Arrays.equals(hello.credential(), credential)) {
                session.send(new ErrorReply(ErrorCode.UNAUTHENTICATED, "unknown agent").toFrame());
                return;
            }
            if (busy) {
                session.send(new ErrorReply(ErrorCode.SERVER_BUSY, "starting").toFrame());
                return;
            }
            session.send(new Welcome("fake-ps", "0-test", "session-" + sessions.size(), "").toFrame());
            synchronized (this) {
                sessions.add(session);
                List<Resume.DiskResume> disks = new ArrayList<>();
                replicas.forEach((diskId, replica) ->
                        disks.add(new Resume.DiskResume(diskId, replica.image.length, replica.durable)));
                session.send(new Resume(disks).toFrame());
                for (Map.Entry<String, Replica> replica : replicas.entrySet()) {
                    if (replica.getValue().inAzure > 0) {
                        session.send(new Durable(replica.getKey(), replica.getValue().inAzure).toFrame());
                    }
                }
            }
            for (Optional<Frame> frame = reader.read(); frame.isPresent(); frame = reader.read()) {
                if (frame.get().type() == FrameType.HEARTBEAT) {
                    session.send(frame.get());
                } else {
                    receive(session, ChangeRecord.from(frame.get()));
                }
            }
        } catch (IOException e) {
            // The agent or the test closed the connection.
        } finally {
            if (session != null) {
                sessions.remove(session);
            }
        }
    }

    private synchronized void receive(Session session, ChangeRecord record) {
        if (session.closed) {
            return;
        }
        Replica replica = replicas.get(record.diskId());
        replica.received.add(record);
        if (record.sequence() <= replica.lastHeld()) {
            // A duplicate of what the server holds: acknowledged if durable, dropped either way.
            if (record.sequence() <= replica.durable) {
                ack(record.diskId(), replica.durable);
            }
            return;
        }
        if (record.sequence() != replica.lastHeld() + 1) {
            replica.gaps++;
        }
        replica.pending.add(record);
        if (!holdAcks) {
            commit(record.diskId(), replica);
        }
    }

    private void commit(String diskId, Replica replica) {
        if (replica.pending.isEmpty()) {
            return;
        }
        for (ChangeRecord record : replica.pending) {
            if (record instanceof DataRecord data) {
                System.arraycopy(data.data(), 0, replica.image, Math.toIntExact(data.offset()), data.length());
            }
            replica.journal.add(record);
            replica.durable = record.sequence();
        }
        replica.pending.clear();
        ack(diskId, replica.durable);
    }

    private void ack(String diskId, long durable) {
        Frame ack = new Ack(diskId, durable).toFrame();
        sessions.forEach(session -> session.send(ack));
    }
}
