package org.lifeboat.agent.control;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Sends one request to the running daemon over its control socket. */
public final class ControlClient {

    private ControlClient() {
    }

    /**
     * @param timeout how long to wait for the final line; the daemon bounds its own work, so this only
     *                guards against a daemon that stopped answering
     * @throws AgentNotRunningException if no daemon listens on the socket
     * @throws IOException              if the daemon hung up or did not answer in time
     */
    public static ControlReply send(Path socket, String request, Duration timeout)
            throws AgentNotRunningException, IOException {
        if (!Files.exists(socket)) {
            throw new AgentNotRunningException("no agent is running for " + socket.getParent());
        }
        SocketChannel channel;
        try {
            channel = SocketChannel.open(StandardProtocolFamily.UNIX);
            channel.connect(UnixDomainSocketAddress.of(socket));
        } catch (IOException e) {
            throw new AgentNotRunningException("no agent is running for " + socket.getParent()
                    + " (its control socket does not answer: " + e.getMessage() + ")");
        }
        CompletableFuture<Void> watchdog = CompletableFuture.runAsync(() -> closeQuietly(channel),
                CompletableFuture.delayedExecutor(timeout.toMillis(), TimeUnit.MILLISECONDS));
        try (channel) {
            OutputStream out = Channels.newOutputStream(channel);
            out.write((request + "\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(Channels.newInputStream(channel),
                    StandardCharsets.UTF_8));
            List<String> notes = new ArrayList<>();
            for (String line; (line = in.readLine()) != null; ) {
                if (line.startsWith(ControlProtocol.NOTE + " ")) {
                    notes.add(line.substring(ControlProtocol.NOTE.length() + 1));
                } else if (line.startsWith(ControlProtocol.OK)) {
                    return new ControlReply(notes, true, line.substring(ControlProtocol.OK.length()).strip());
                } else if (line.startsWith(ControlProtocol.ERROR)) {
                    return new ControlReply(notes, false, line.substring(ControlProtocol.ERROR.length()).strip());
                }
            }
            throw new IOException(watchdog.isDone() ? "the agent did not answer within " + timeout.toSeconds() + " s"
                    : "the agent closed the connection without answering");
        } catch (IOException e) {
            if (watchdog.isDone()) {
                throw new IOException("the agent did not answer within " + timeout.toSeconds() + " s", e);
            }
            throw e;
        } finally {
            watchdog.cancel(false);
        }
    }

    private static void closeQuietly(SocketChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            // The caller sees the closed channel either way.
        }
    }
}
