package org.lifeboat.agent.connection;

import java.io.BufferedInputStream;
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
 * Checks that a server is reachable, trusted and willing: connects, says HELLO,
 * reads the answer and hangs up.
 */
public final class PingClient {

    private final TlsConnector connector;
    private final Duration timeout;

    /**
     * @param timeout the budget for the whole attempt: connect, TLS handshake and reply
     */
    public PingClient(ServerTrust trust, Duration timeout) {
        this.connector = new TlsConnector(trust);
        this.timeout = timeout;
    }

    public PingResult ping(ServerAddress server, Hello hello)
            throws ServerUnreachableException, UntrustedServerException, HandshakeRejectedException {
        Deadline deadline = Deadline.after(timeout);
        try (SSLSocket socket = connector.connect(server, deadline)) {
            socket.setSoTimeout(deadline.remainingMillis());
            FrameWriter writer = new FrameWriter(socket.getOutputStream());
            FrameReader reader = new FrameReader(new BufferedInputStream(socket.getInputStream()));

            long sent = System.nanoTime();
            writer.write(hello.toFrame());
            Optional<Frame> reply = reader.read();
            Duration roundTrip = Duration.ofNanos(System.nanoTime() - sent);

            Frame frame = reply.orElseThrow(() -> new HandshakeRejectedException(
                    "CONNECTION_CLOSED", "the server closed the connection without answering"));
            return new PingResult(server, socket.getSession().getProtocol(), welcomeFrom(frame), roundTrip);
        } catch (SocketTimeoutException e) {
            throw new ServerUnreachableException(deadline.expired(), e);
        } catch (MalformedFrameException e) {
            throw new HandshakeRejectedException(e.reason().name(), e.getMessage());
        } catch (IOException e) {
            throw new HandshakeRejectedException("CONNECTION_CLOSED", String.valueOf(e.getMessage()));
        }
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
}
