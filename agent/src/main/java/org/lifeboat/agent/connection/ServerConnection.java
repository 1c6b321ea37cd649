package org.lifeboat.agent.connection;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Optional;

import javax.net.ssl.SSLSocket;

import org.lifeboat.protocol.ErrorReply;
import org.lifeboat.protocol.Frame;
import org.lifeboat.protocol.FrameReader;
import org.lifeboat.protocol.FrameWriter;
import org.lifeboat.protocol.Hello;
import org.lifeboat.protocol.MalformedFrameException;
import org.lifeboat.protocol.Welcome;

/**
 * A connection to a server's replication port that got past the handshake: TLS verified,
 * HELLO sent and WELCOME received. One thread may read while another writes.
 */
public final class ServerConnection implements Closeable {

    private final SSLSocket socket;
    private final FrameReader reader;
    private final FrameWriter writer;
    private final Welcome welcome;
    private final Duration roundTrip;

    private ServerConnection(SSLSocket socket, FrameReader reader, FrameWriter writer, Welcome welcome,
                             Duration roundTrip) {
        this.socket = socket;
        this.reader = reader;
        this.writer = writer;
        this.welcome = welcome;
        this.roundTrip = roundTrip;
    }

    /**
     * Connects, says HELLO and reads the answer, all within {@code timeout}.
     */
    public static ServerConnection open(ServerTrust trust, ServerAddress server, Hello hello, Duration timeout)
            throws ServerUnreachableException, UntrustedServerException, HandshakeRejectedException {
        Deadline deadline = Deadline.after(timeout);
        SSLSocket socket = new TlsConnector(trust).connect(server, deadline);
        try {
            socket.setSoTimeout(deadline.remainingMillis());
            FrameWriter writer = new FrameWriter(socket.getOutputStream());
            FrameReader reader = new FrameReader(new BufferedInputStream(socket.getInputStream()));

            long sent = System.nanoTime();
            writer.write(hello.toFrame());
            Optional<Frame> reply = reader.read();
            Duration roundTrip = Duration.ofNanos(System.nanoTime() - sent);

            Frame frame = reply.orElseThrow(() -> new HandshakeRejectedException(
                    "CONNECTION_CLOSED", "the server closed the connection without answering"));
            return new ServerConnection(socket, reader, writer, welcomeFrom(frame), roundTrip);
        } catch (SocketTimeoutException e) {
            closeQuietly(socket);
            throw new ServerUnreachableException(deadline.expired(), e);
        } catch (MalformedFrameException e) {
            closeQuietly(socket);
            throw new HandshakeRejectedException(e.reason().name(), e.getMessage());
        } catch (IOException e) {
            closeQuietly(socket);
            throw new HandshakeRejectedException("CONNECTION_CLOSED", String.valueOf(e.getMessage()));
        } catch (HandshakeRejectedException | RuntimeException e) {
            closeQuietly(socket);
            throw e;
        }
    }

    public Welcome welcome() {
        return welcome;
    }

    /** The negotiated TLS version, e.g. "TLSv1.3". */
    public String tlsProtocol() {
        return socket.getSession().getProtocol();
    }

    /** From sending HELLO to receiving WELCOME, after the TLS handshake. */
    public Duration roundTrip() {
        return roundTrip;
    }

    /** How long {@link #read()} waits for a frame before it throws {@link SocketTimeoutException}. */
    public void readTimeout(Duration timeout) throws IOException {
        socket.setSoTimeout(Math.toIntExact(Math.max(1, timeout.toMillis())));
    }

    /** The next frame, or empty when the server closed the connection. */
    public Optional<Frame> read() throws IOException {
        return reader.read();
    }

    /** Not thread-safe: one thread writes. */
    public void write(Frame frame) throws IOException {
        writer.write(frame);
    }

    @Override
    public void close() {
        closeQuietly(socket);
    }

    private static Welcome welcomeFrom(Frame frame) throws MalformedFrameException, HandshakeRejectedException {
        return switch (frame.type()) {
            case WELCOME -> Welcome.from(frame);
            case ERROR -> {
                ErrorReply error = ErrorReply.from(frame);
                throw new HandshakeRejectedException(error.code().name(), error.message());
            }
            default -> throw new HandshakeRejectedException("UNEXPECTED_FRAME",
                    "expected WELCOME or ERROR, got " + frame.type());
        };
    }

    private static void closeQuietly(SSLSocket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // Nothing more can be done with a connection that fails to close.
        }
    }
}
