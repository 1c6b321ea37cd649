package org.lifeboat.connector;

import java.io.Closeable;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.lifeboat.connector.journal.CacheJournal;
import jakarta.resource.spi.endpoint.MessageEndpointFactory;
import jakarta.resource.spi.work.Work;
import jakarta.resource.spi.work.WorkException;
import jakarta.resource.spi.work.WorkManager;

/**
 * Accepts TLS connections on the replication port and hands each to its own {@link ReplicationSession},
 * both running on threads of the container's WorkManager. Connections still in their handshake are
 * bounded over all and per source address, so unauthenticated peers never take the slots agents need,
 * and each is closed at its handshake deadline however slowly it trickles bytes.
 * <p>
 * TLS is layered over each accepted plain socket rather than accepted from a TLS server socket, so that a
 * session can see how many bytes wait in the kernel behind the TLS record it is reading: records that
 * arrived together are journaled with one fsync (an agent sends one TLS record per frame, so the TLS
 * stream's own {@code available()} is 0 after nearly every frame).
 */
final class ReplicationAcceptor implements Work {

    private static final Logger LOG = Logger.getLogger(ReplicationAcceptor.class.getName());
    /** How often the accept loop wakes up to close handshakes past their deadline. */
    private static final int SWEEP_MILLIS = 250;
    private static final long BUSY_LOG_INTERVAL_NANOS = 1_000_000_000L;

    private final ReplicationSettings settings;
    private final ServerSocket serverSocket;
    private final SSLContext tls;
    private final WorkManager workManager;
    private final MessageEndpointFactory endpointFactory;
    private final ReplicationPortStatus status;
    private final CacheJournal journal;
    private final Set<ReplicationSession> sessions = ConcurrentHashMap.newKeySet();
    /** Agents revoked while this port was open; the endpoint refuses their HELLO anyway. */
    private final Set<String> revoked = ConcurrentHashMap.newKeySet();
    private final ReceiveBudget receiveBudget;
    private final HandshakeSlots handshakeSlots;
    /** Sessions holding a handshake slot, closed at their deadline. */
    private final Set<ReplicationSession> inHandshake = ConcurrentHashMap.newKeySet();
    /** Refusals as busy not logged since the last logged one; both used by the accepting thread only. */
    private long lastBusyLogNanos = System.nanoTime() - BUSY_LOG_INTERVAL_NANOS;
    private long busyNotLogged;
    private volatile boolean running = true;

    private ReplicationAcceptor(ReplicationSettings settings, ServerSocket serverSocket, SSLContext tls,
                                WorkManager workManager, MessageEndpointFactory endpointFactory,
                                ReplicationPortStatus status, CacheJournal journal) {
        this.settings = settings;
        this.serverSocket = serverSocket;
        this.tls = tls;
        this.workManager = workManager;
        this.endpointFactory = endpointFactory;
        this.status = status;
        this.journal = journal;
        this.receiveBudget = new ReceiveBudget(settings.receiveBudgetBytes());
        this.handshakeSlots = new HandshakeSlots(settings.maxHandshakes(), settings.maxHandshakesPerAddress());
        status.measuring(receiveBudget, handshakeSlots::inUse);
    }

    /** Binds the port now, so that a port in use fails the activation (and the deployment) with the reason. */
    static ReplicationAcceptor bind(ReplicationSettings settings, SSLContext tls, WorkManager workManager,
                                    MessageEndpointFactory endpointFactory, ReplicationPortStatus status,
                                    CacheJournal journal) throws IOException {
        ServerSocket socket = new ServerSocket();
        try {
            socket.setReuseAddress(true);
            socket.setSoTimeout(SWEEP_MILLIS);
            socket.bind(new InetSocketAddress(InetAddress.getByName(settings.bindAddress()), settings.port()), 128);
        } catch (IOException e) {
            socket.close();
            throw new IOException("cannot listen on " + settings.bindAddress() + ":" + settings.port() + ": "
                    + e.getMessage(), e);
        }
        status.bound(true);
        return new ReplicationAcceptor(settings, socket, tls, workManager, endpointFactory, status, journal);
    }

    @Override
    public void run() {
        LOG.info(() -> "Replication port listening on " + serverSocket.getLocalSocketAddress() + " (TLS)");
        while (running) {
            Socket socket = null;
            try {
                socket = serverSocket.accept();
                admit(socket);
            } catch (SocketTimeoutException e) {
                // no one connected in this round: time to look at the handshakes
            } catch (IOException e) {
                if (running) {
                    LOG.log(Level.WARNING, "Replication port accept failed: {0}", e.getMessage());
                }
            } catch (RuntimeException | Error e) {
                // one connection's failure, even an OutOfMemoryError, must not leave the port deaf
                LOG.log(Level.SEVERE, "Replication port failed to admit a connection", e);
                if (socket != null) {
                    closeQuietly(socket);
                }
            }
            closeOverdueHandshakes();
        }
        LOG.info("Replication port closed");
    }

    private void admit(Socket plain) throws IOException {
        String peer = String.valueOf(plain.getRemoteSocketAddress());
        String busy = startHandshake(plain.getInetAddress());
        if (busy != null) {
            refuseAsBusy(peer, busy);
            closeQuietly(plain);
            return;
        }
        SSLSocket socket;
        try {
            socket = serverSide(plain);
        } catch (IOException | RuntimeException e) {
            handshakeSlots.give(plain.getInetAddress());
            closeQuietly(plain);
            throw e;
        }
        ReplicationSession session = new ReplicationSession(socket, plain, settings, endpointFactory, this, journal);
        sessions.add(session);
        inHandshake.add(session);
        status.opened();
        try {
            workManager.scheduleWork(session);
        } catch (WorkException e) {
            sessionEnded(session);
            reject(peer, "no worker thread available: " + e.getMessage());
            closeQuietly(socket);
        }
    }

    /** The server side of TLS over an accepted connection; closing it closes the connection. */
    private SSLSocket serverSide(Socket plain) throws IOException {
        SSLSocket socket = (SSLSocket) tls.getSocketFactory().createSocket(plain,
                plain.getInetAddress().getHostAddress(), plain.getPort(), true);
        socket.setUseClientMode(false);
        ServerTlsContext.restrictProtocols(socket);
        return socket;
    }

    /**
     * Counts every refusal as busy but logs at most one a second (with how many were not logged), so
     * that a flood of connections does not become a flood of log lines.
     */
    private void refuseAsBusy(String peer, String reason) {
        status.refusedAsBusy();
        status.rejected(reason);
        long now = System.nanoTime();
        if (now - lastBusyLogNanos < BUSY_LOG_INTERVAL_NANOS) {
            busyNotLogged++;
            return;
        }
        String unlogged = busyNotLogged == 0 ? "" : " (" + busyNotLogged + " more refused since the last such line)";
        LOG.log(Level.WARNING, "Replication connection from {0} refused: {1}{2}", new Object[]{peer, reason, unlogged});
        lastBusyLogNanos = now;
        busyNotLogged = 0;
    }

    /** Takes a handshake slot for a new connection from {@code address}, or says why there is none. */
    private String startHandshake(InetAddress address) {
        if (sessions.size() >= settings.maxConnections()) {
            return "too many connections (limit " + settings.maxConnections() + ")";
        }
        return handshakeSlots.take(address);
    }

    /** The session's handshake is over (authenticated, or the connection ended): its slot is free. */
    void handshakeEnded(ReplicationSession session) {
        if (inHandshake.remove(session)) {
            handshakeSlots.give(session.address());
        }
    }

    /** The handshake timeout is a deadline, not a per-read timeout: a trickle of bytes does not extend it. */
    private void closeOverdueHandshakes() {
        long now = System.nanoTime();
        for (ReplicationSession session : inHandshake) {
            if (session.handshakeOverdue(now)) {
                session.closeBecause("TLS handshake and HELLO not done within the "
                        + settings.handshakeTimeout().toSeconds() + " s handshake deadline");
            }
        }
    }

    ReceiveBudget receiveBudget() {
        return receiveBudget;
    }

    void reject(String peer, String reason) {
        status.rejected(reason);
        LOG.log(Level.WARNING, "Replication connection from {0} closed: {1}", new Object[]{peer, reason});
    }

    CacheJournal journal() {
        return journal;
    }

    ReplicationPortStatus status() {
        return status;
    }

    /**
     * One connection per agent: a reconnecting agent replaces its previous, half-dead session.
     *
     * @return false for an agent revoked while its HELLO was being answered: the session must end
     */
    boolean claim(ReplicationSession session) {
        if (session.agentId().isEmpty()) {
            return true; // unregistered agents only ping; they replicate nothing another session could clash with
        }
        if (revoked.contains(session.agentId())) {
            return false;
        }
        for (ReplicationSession other : sessions) {
            if (other != session && other.agentId().equals(session.agentId())) {
                LOG.log(Level.INFO, "Agent {0} reconnected: closing its previous session", session.agentId());
                other.release();
            }
        }
        return true;
    }

    /**
     * Closes every session of a revoked agent now. The agent is also remembered as revoked, so that a
     * session whose HELLO was admitted just before the revocation committed is refused when it claims.
     */
    int closeAgentSessions(String agentId) {
        if (agentId == null || agentId.isEmpty()) {
            return 0;
        }
        revoked.add(agentId);
        int closed = 0;
        for (ReplicationSession session : sessions) {
            if (session.agentId().equals(agentId)) {
                session.closeBecause("agent " + agentId + " was revoked");
                closed++;
            }
        }
        return closed;
    }

    /** Hands a durability notice to the sessions replicating the disk. */
    int durableInAzure(String diskId, long sequence) {
        int told = 0;
        for (ReplicationSession session : sessions) {
            if (session.durableInAzure(diskId, sequence)) {
                told++;
            }
        }
        return told;
    }

    void sessionEnded(ReplicationSession session) {
        handshakeEnded(session);
        if (sessions.remove(session)) {
            status.closed();
        }
    }

    @Override
    public void release() {
        running = false;
        status.bound(false);
        closeQuietly(serverSocket);
        sessions.forEach(ReplicationSession::release);
    }

    boolean isRunning() {
        return running;
    }

    static void closeQuietly(Closeable closeable) {
        try {
            closeable.close();
        } catch (IOException ignored) {
            // closing during shutdown or after a failure: nothing more to report
        }
    }
}
