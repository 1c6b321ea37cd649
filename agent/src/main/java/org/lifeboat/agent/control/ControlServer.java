package org.lifeboat.agent.control;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.lifeboat.files.SecureFiles;

/**
 * The daemon's end of the control socket: a Unix domain socket only the agent's user can open
 * (mode 0600 inside the 0700 state directory). Each connection carries one request, handled on
 * its own thread, since a bookmark request waits for the server.
 */
public final class ControlServer implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(ControlServer.class.getName());

    /** Handles one request line. */
    @FunctionalInterface
    public interface Handler {
        void handle(String request, Reply reply) throws InterruptedException;
    }

    /** Answers a request: notes first, then exactly one of ok or error. */
    public interface Reply {
        void note(String text);

        void ok(String payload);

        void error(String message);
    }

    private final Path socket;
    private final ServerSocketChannel channel;
    private final Handler handler;
    private final Thread acceptor;

    private ControlServer(Path socket, ServerSocketChannel channel, Handler handler) {
        this.socket = socket;
        this.channel = channel;
        this.handler = handler;
        this.acceptor = new Thread(this::accept, "lifeboat-control");
        acceptor.setDaemon(true);
    }

    /**
     * Binds the socket. A socket file left by a daemon that died is replaced; the caller holds the
     * state directory's lock, so no other daemon uses it.
     */
    public static ControlServer start(Path socket, Handler handler) throws IOException {
        Files.deleteIfExists(socket);
        ServerSocketChannel channel = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            channel.bind(UnixDomainSocketAddress.of(socket));
            SecureFiles.restrictFile(socket);
        } catch (IOException e) {
            channel.close();
            throw new IOException("cannot listen on " + socket + ": " + e.getMessage(), e);
        }
        ControlServer server = new ControlServer(socket, channel, handler);
        server.acceptor.start();
        return server;
    }

    @Override
    public void close() throws IOException {
        channel.close();
        Files.deleteIfExists(socket);
    }

    private void accept() {
        while (channel.isOpen()) {
            try {
                SocketChannel connection = channel.accept();
                Thread worker = new Thread(() -> serve(connection), "lifeboat-control-request");
                worker.setDaemon(true);
                worker.start();
            } catch (IOException e) {
                if (channel.isOpen()) {
                    LOG.log(Level.WARNING, "Control socket: " + e.getMessage());
                }
            }
        }
    }

    private void serve(SocketChannel connection) {
        try (connection) {
            BufferedReader in = new BufferedReader(new InputStreamReader(Channels.newInputStream(connection),
                    StandardCharsets.UTF_8), ControlProtocol.MAX_REQUEST);
            String request = in.readLine();
            OutputStream out = Channels.newOutputStream(connection);
            LineReply reply = new LineReply(out);
            if (request == null || request.length() > ControlProtocol.MAX_REQUEST) {
                reply.error("expected one request line of at most " + ControlProtocol.MAX_REQUEST + " characters");
                return;
            }
            try {
                handler.handle(request.strip(), reply);
            } catch (RuntimeException e) {
                LOG.log(Level.SEVERE, "Unexpected failure handling a control request", e);
                reply.error("the agent failed unexpectedly: " + e);
            }
        } catch (IOException e) {
            LOG.fine(() -> "Control client went away: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Writes reply lines, each flushed so the client sees notes as they happen. */
    private static final class LineReply implements Reply {

        private final OutputStream out;

        LineReply(OutputStream out) {
            this.out = out;
        }

        @Override
        public void note(String text) {
            line(ControlProtocol.NOTE + " " + text);
        }

        @Override
        public void ok(String payload) {
            line(ControlProtocol.OK + " " + payload);
        }

        @Override
        public void error(String message) {
            line(ControlProtocol.ERROR + " " + message);
        }

        private void line(String text) {
            try {
                out.write((text.replace('\n', ' ') + "\n").getBytes(StandardCharsets.UTF_8));
                out.flush();
            } catch (IOException e) {
                LOG.fine(() -> "Control client went away: " + e.getMessage());
            }
        }
    }
}
