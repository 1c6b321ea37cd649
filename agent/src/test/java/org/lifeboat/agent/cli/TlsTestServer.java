package org.lifeboat.agent.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLServerSocket;

import org.lifeboat.agent.testing.TestCertificate;
import org.lifeboat.protocol.Frame;
import org.lifeboat.protocol.FrameReader;
import org.lifeboat.protocol.FrameWriter;
import org.lifeboat.protocol.Hello;

/**
 * A TLS server on a loopback port that reads each connection's HELLO and answers
 * as the test tells it to: what a real process server does, or what a broken one does.
 */
final class TlsTestServer implements AutoCloseable {

    /** How the server answers a HELLO. */
    @FunctionalInterface
    interface Answer {
        void send(OutputStream out) throws IOException;

        static Answer frame(Frame frame) {
            return out -> new FrameWriter(out).write(frame);
        }

        static Answer raw(byte[] bytes) {
            return out -> out.write(bytes);
        }

        static Answer hangUp() {
            return out -> { };
        }
    }

    private final SSLServerSocket socket;
    private final Answer answer;
    private final BlockingQueue<Hello> hellos = new LinkedBlockingQueue<>();
    private final Thread acceptor;

    TlsTestServer(TestCertificate certificate, Answer answer) throws IOException, GeneralSecurityException {
        this.socket = (SSLServerSocket) certificate.serverContext().getServerSocketFactory()
                .createServerSocket(0, 10, InetAddress.getLoopbackAddress());
        this.answer = answer;
        this.acceptor = new Thread(this::serve, "tls-test-server");
        acceptor.start();
    }

    int port() {
        return socket.getLocalPort();
    }

    /** The HELLO the server received, waiting briefly for the connection to be handled. */
    Hello receivedHello() throws InterruptedException {
        Hello hello = hellos.poll(10, TimeUnit.SECONDS);
        if (hello == null) {
            throw new AssertionError("the server received no HELLO");
        }
        return hello;
    }

    private void serve() {
        while (!socket.isClosed()) {
            try (Socket connection = socket.accept()) {
                connection.setSoTimeout(10_000);
                Optional<Frame> frame = new FrameReader(connection.getInputStream()).read();
                if (frame.isPresent()) {
                    hellos.add(Hello.from(frame.get()));
                    answer.send(connection.getOutputStream());
                    connection.getOutputStream().flush();
                }
            } catch (IOException e) {
                // A client that rejects our certificate aborts the handshake; the test checks the client's side.
            }
        }
    }

    @Override
    public void close() throws IOException, InterruptedException {
        socket.close();
        acceptor.join(10_000);
    }
}
