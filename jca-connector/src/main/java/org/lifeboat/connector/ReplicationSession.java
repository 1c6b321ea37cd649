package org.lifeboat.connector;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;
import jakarta.resource.spi.UnavailableException;
import jakarta.resource.spi.endpoint.MessageEndpoint;
import jakarta.resource.spi.endpoint.MessageEndpointFactory;
import jakarta.resource.spi.work.Work;
import org.lifeboat.protocol.ErrorCode;
import org.lifeboat.protocol.ErrorReply;
import org.lifeboat.protocol.Frame;
import org.lifeboat.protocol.FrameReader;
import org.lifeboat.protocol.FrameType;
import org.lifeboat.protocol.FrameWriter;
import org.lifeboat.protocol.Hello;
import org.lifeboat.protocol.MalformedFrameException;

/**
 * One agent connection: TLS handshake and the first frame within the handshake timeout, delivery of the
 * HELLO to the endpoint, then heartbeats until the agent leaves. Anything malformed closes this
 * connection only, with the reason logged; other connections never notice.
 */
final class ReplicationSession implements Work {

    private static final Logger LOG = Logger.getLogger(ReplicationSession.class.getName());

    private final SSLSocket socket;
    private final ReplicationSettings settings;
    private final MessageEndpointFactory endpointFactory;
    private final ReplicationAcceptor acceptor;
    private final String peer;

    ReplicationSession(SSLSocket socket, ReplicationSettings settings, MessageEndpointFactory endpointFactory,
                       ReplicationAcceptor acceptor) {
        this.socket = socket;
        this.settings = settings;
        this.endpointFactory = endpointFactory;
        this.acceptor = acceptor;
        this.peer = String.valueOf(socket.getRemoteSocketAddress());
    }

    @Override
    public void run() {
        try {
            serve();
        } catch (SocketTimeoutException e) {
            acceptor.reject(peer, "nothing received for " + settings.handshakeTimeout().toSeconds()
                    + " s during the handshake");
        } catch (MalformedFrameException e) {
            acceptor.reject(peer, "malformed frame (" + e.reason() + "): " + e.getMessage());
        } catch (SSLException e) {
            acceptor.reject(peer, "TLS failed: " + e.getMessage());
        } catch (EOFException e) {
            acceptor.reject(peer, "connection closed in the middle of the handshake");
        } catch (ProtocolViolation e) {
            acceptor.reject(peer, e.getMessage());
        } catch (IOException e) {
            if (!socket.isClosed()) {
                LOG.log(Level.INFO, "Replication connection from {0} ended: {1}", new Object[]{peer, e.getMessage()});
            }
        } finally {
            // closed only after the reason is counted and logged, so a client that sees the close sees it counted
            ReplicationAcceptor.closeQuietly(socket);
            acceptor.sessionEnded(this);
        }
    }

    private void serve() throws IOException {
        socket.setSoTimeout((int) settings.handshakeTimeout().toMillis());
        socket.startHandshake();
        FrameReader reader = new FrameReader(new BufferedInputStream(socket.getInputStream()));
        FrameWriter writer = new FrameWriter(new BufferedOutputStream(socket.getOutputStream()));

        Frame first = reader.read().orElseThrow(() -> new EOFException("closed before HELLO"));
        if (first.type() != FrameType.HELLO) {
            refuse(writer, ErrorCode.MALFORMED_FRAME, "the first frame must be HELLO, got " + first.type());
        }
        Frame reply = deliver(Hello.from(first));
        writer.write(reply);
        if (reply.type() != FrameType.WELCOME) {
            throw new ProtocolViolation("handshake refused: " + ErrorReply.from(reply).message());
        }

        socket.setSoTimeout((int) settings.idleTimeout().toMillis());
        for (Optional<Frame> next = reader.read(); next.isPresent(); next = reader.read()) {
            Frame frame = next.get();
            if (frame.type() != FrameType.HEARTBEAT) {
                refuse(writer, ErrorCode.MALFORMED_FRAME, "unexpected " + frame.type() + " frame on this connection");
            }
            writer.write(frame);
        }
    }

    private Frame deliver(Hello hello) throws IOException {
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
    private void refuse(FrameWriter writer, ErrorCode code, String reason) throws ProtocolViolation {
        try {
            writer.write(new ErrorReply(code, reason).toFrame());
        } catch (IOException ignored) {
            // the peer may be gone; the reason is logged either way
        }
        throw new ProtocolViolation(reason);
    }

    @Override
    public void release() {
        ReplicationAcceptor.closeQuietly(socket);
    }

    /** A well-formed frame that breaks the conversation's rules. */
    private static final class ProtocolViolation extends IOException {
        ProtocolViolation(String message) {
            super(message);
        }
    }
}
