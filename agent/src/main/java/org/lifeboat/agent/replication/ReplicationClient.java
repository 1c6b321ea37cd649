package org.lifeboat.agent.replication;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.logging.Logger;

import org.lifeboat.agent.connection.HandshakeRejectedException;
import org.lifeboat.agent.connection.ServerAddress;
import org.lifeboat.agent.connection.ServerConnection;
import org.lifeboat.agent.connection.ServerTrust;
import org.lifeboat.agent.connection.ServerUnreachableException;
import org.lifeboat.agent.connection.UntrustedServerException;
import org.lifeboat.agent.disk.DiskId;
import org.lifeboat.protocol.Ack;
import org.lifeboat.protocol.Durable;
import org.lifeboat.protocol.ErrorReply;
import org.lifeboat.protocol.Frame;
import org.lifeboat.protocol.FrameType;
import org.lifeboat.protocol.Hello;
import org.lifeboat.protocol.Resume;

/**
 * Keeps the replication connection up: connects, says HELLO, applies RESUME, then sends the
 * outbox's records while a second thread applies the server's ACKs. Any failure ends the session;
 * the client reconnects after a backoff (1 s doubling to 30 s, reset once a session starts).
 */
final class ReplicationClient implements Runnable {

    private static final Logger LOG = Logger.getLogger(ReplicationClient.class.getName());

    private final Supplier<Destination> destination;
    private final Hello hello;
    private final Outbox outbox;
    private final ReplicationSettings settings;
    private volatile ConnectionState state;
    private volatile ServerConnection current;
    private volatile boolean stopping;
    private volatile boolean reconnecting;

    ReplicationClient(Supplier<Destination> destination, Hello hello, Outbox outbox, ReplicationSettings settings) {
        this.destination = destination;
        this.hello = hello;
        this.outbox = outbox;
        this.settings = settings;
        this.state = new ConnectionState(ConnectionState.Phase.CONNECTING, destination.get().address().toString(), "",
                Instant.now());
    }

    ConnectionState state() {
        return state;
    }

    @Override
    public void run() {
        Backoff backoff = new Backoff(settings.firstBackoff(), settings.maxBackoff());
        String lastFailure = null;
        while (!stopping) {
            Destination target = destination.get();
            ServerAddress server = target.address();
            state = new ConnectionState(ConnectionState.Phase.CONNECTING, server.toString(), "", Instant.now());
            String failure;
            try {
                failure = session(target.trust(), server, backoff);
            } catch (ServerUnreachableException e) {
                failure = "cannot reach " + server + ": " + e.getMessage();
            } catch (UntrustedServerException e) {
                failure = target.refusal(e.getMessage());
            } catch (HandshakeRejectedException e) {
                failure = server + " rejected the handshake: " + e.getMessage();
            } finally {
                outbox.disconnected();
            }
            if (stopping) {
                break;
            }
            if (reconnecting) {
                reconnecting = false;
                LOG.info(() -> "Reconnecting to " + server + " for the changed configuration.");
                continue;
            }
            if (!failure.equals(lastFailure)) {
                String logged = failure;
                LOG.warning(() -> "Replication connection: " + logged + "; retrying.");
            }
            lastFailure = failure;
            state = new ConnectionState(ConnectionState.Phase.DISCONNECTED, server.toString(), failure, Instant.now());
            try {
                Thread.sleep(backoff.next().toMillis());
            } catch (InterruptedException e) {
                break;
            }
        }
        state = new ConnectionState(ConnectionState.Phase.STOPPED, destination.get().address().toString(), "",
                Instant.now());
    }

    /** Ends the current session at once, so that the next one starts with a fresh RESUME. */
    void reconnect() {
        reconnecting = true;
        closeCurrent();
    }

    void stop() {
        stopping = true;
        closeCurrent();
        outbox.wakeUp();
    }

    private void closeCurrent() {
        ServerConnection connection = current;
        if (connection != null) {
            connection.close();
        }
    }

    /** @return why the session ended */
    private String session(ServerTrust trust, ServerAddress server, Backoff backoff)
            throws ServerUnreachableException, UntrustedServerException, HandshakeRejectedException {
        try (ServerConnection connection = ServerConnection.open(trust, server, hello, settings.connectTimeout())) {
            current = connection;
            if (stopping) {
                return "stopping";
            }
            Resume resume = resumeFrom(connection);
            outbox.resume(resume).forEach(LOG::warning);
            state = new ConnectionState(ConnectionState.Phase.CONNECTED, server.toString(),
                    connection.welcome().serverName() + " " + connection.welcome().serverVersion(), Instant.now());
            LOG.info(() -> "Replicating to " + server + " (" + connection.welcome().serverName() + ", session "
                    + connection.welcome().sessionId() + ").");
            backoff.reset();

            connection.readTimeout(settings.silenceLimit());
            AckReader reader = new AckReader(connection);
            Thread readerThread = new Thread(reader, "lifeboat-ack-reader");
            readerThread.setDaemon(true);
            readerThread.start();
            String ended;
            try {
                ended = writeUntilClosed(connection, reader);
            } finally {
                connection.close();
                outbox.wakeUp();
                joinQuietly(readerThread);
            }
            return reader.closedBecause().orElse(ended);
        } catch (IOException e) {
            return "the session with " + server + " failed: " + e.getMessage();
        } finally {
            current = null;
        }
    }

    private Resume resumeFrom(ServerConnection connection) throws IOException {
        Frame frame = connection.read().orElseThrow(() -> new IOException("the server closed the connection before RESUME"));
        if (frame.type() == FrameType.ERROR) {
            ErrorReply error = ErrorReply.from(frame);
            throw new IOException("the server refused the session: " + error.code() + ": " + error.message());
        }
        if (frame.type() != FrameType.RESUME) {
            throw new IOException("expected RESUME after WELCOME, got " + frame.type());
        }
        return Resume.from(frame);
    }

    private String writeUntilClosed(ServerConnection connection, AckReader reader) throws IOException {
        long lastWrite = System.nanoTime();
        Duration poll = Duration.ofMillis(Math.min(500, settings.idleHeartbeat().toMillis()));
        while (!stopping && reader.closedBecause().isEmpty()) {
            Optional<Outgoing> next;
            try {
                next = outbox.nextToSend(poll);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return "interrupted";
            }
            if (next.isPresent()) {
                next.get().makeIntentDurable();
                connection.write(next.get().record().toFrame());
                lastWrite = System.nanoTime();
            } else if (System.nanoTime() - lastWrite >= settings.idleHeartbeat().toNanos()) {
                connection.write(Frame.empty(FrameType.HEARTBEAT));
                lastWrite = System.nanoTime();
            }
        }
        return stopping ? "stopping" : "closed";
    }

    private static void joinQuietly(Thread thread) {
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Reads the server's frames: ACKs, durability notices, echoed heartbeats, and an ERROR before it closes. */
    private final class AckReader implements Runnable {

        private final ServerConnection connection;
        private volatile String closedBecause;

        AckReader(ServerConnection connection) {
            this.connection = connection;
        }

        Optional<String> closedBecause() {
            return Optional.ofNullable(closedBecause);
        }

        @Override
        public void run() {
            try {
                while (true) {
                    Optional<Frame> frame = connection.read();
                    if (frame.isEmpty()) {
                        closedBecause = "the server closed the connection";
                        break;
                    }
                    switch (frame.get().type()) {
                        case ACK -> {
                            Ack ack = Ack.from(frame.get());
                            outbox.acknowledge(DiskId.of(ack.diskId()), Sequence.of(ack.durableSequence()));
                        }
                        case DURABLE -> {
                            Durable durable = Durable.from(frame.get());
                            outbox.durable(DiskId.of(durable.diskId()), Sequence.of(durable.durableSequence()));
                        }
                        case HEARTBEAT -> {
                            // Only proves the connection is alive, which the read itself did.
                        }
                        case ERROR -> {
                            ErrorReply error = ErrorReply.from(frame.get());
                            closedBecause = "the server ended the session: " + error.code() + ": " + error.message();
                            return;
                        }
                        default -> {
                            closedBecause = "the server sent an unexpected " + frame.get().type() + " frame";
                            return;
                        }
                    }
                }
            } catch (SocketTimeoutException e) {
                closedBecause = "nothing heard from the server for " + settings.silenceLimit().toSeconds() + " s";
            } catch (IOException | IllegalArgumentException e) {
                if (!stopping) {
                    closedBecause = "the connection failed: " + e.getMessage();
                }
            } finally {
                if (closedBecause == null) {
                    closedBecause = "stopping";
                }
                connection.close();
                outbox.wakeUp();
            }
        }
    }
}
