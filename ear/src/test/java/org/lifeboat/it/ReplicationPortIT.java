package org.lifeboat.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lifeboat.protocol.ErrorReply;
import org.lifeboat.protocol.Frame;
import org.lifeboat.protocol.FrameReader;
import org.lifeboat.protocol.FrameType;

/**
 * The replication port (TLS) against a real agent and against broken clients: each bad connection is
 * closed with a logged reason, and the server and every other connection carry on.
 */
class ReplicationPortIT {

    @Test
    void agentPingCompletesTheHandshake() {
        LifeboatStack.CommandResult ping = LifeboatStack.agent("ping", "--server", LifeboatStack.replicationAddress(),
                "--ca-cert", LifeboatStack.serverCertificate().toString(), "--name", "it-agent");

        assertEquals(0, ping.exitCode(), ping.toString());
        assertTrue(ping.stdout().startsWith("Connected to " + LifeboatStack.replicationAddress()), ping.stdout());
        assertTrue(ping.stdout().contains("server lifeboat-process-server"), ping.stdout());
    }

    @Test
    void agentPingRefusesACertificateItWasNotGiven(@TempDir Path dir) throws Exception {
        Path otherCertificate = dir.resolve("other.pem");
        Path keystore = dir.resolve("other.p12");
        LifeboatStack.run(java.util.List.of("keytool", "-genkeypair", "-alias", "other", "-keyalg", "EC",
                "-dname", "CN=localhost", "-keystore", keystore.toString(), "-storepass", "changeit",
                "-storetype", "PKCS12"), Duration.ofMinutes(1));
        LifeboatStack.run(java.util.List.of("keytool", "-exportcert", "-rfc", "-alias", "other", "-keystore",
                keystore.toString(), "-storepass", "changeit", "-file", otherCertificate.toString()), Duration.ofMinutes(1));
        assertTrue(Files.size(otherCertificate) > 0);

        LifeboatStack.CommandResult ping = LifeboatStack.agent("ping", "--server", LifeboatStack.replicationAddress(),
                "--ca-cert", otherCertificate.toString());

        assertEquals(4, ping.exitCode(), ping.toString());
        assertTrue(ping.stderr().contains("not trusted"), ping.stderr());
    }

    @Test
    void agentPingSaysWhenNothingListens() {
        LifeboatStack.CommandResult ping = LifeboatStack.agent("ping", "--server", "localhost:" + (LifeboatStack.PORT_BASE + 7),
                "--ca-cert", LifeboatStack.serverCertificate().toString());

        assertEquals(3, ping.exitCode(), ping.toString());
        assertTrue(ping.stderr().contains("Cannot reach"), ping.stderr());
    }

    @Test
    void garbageFirstFrameIsRejectedAndTheServerCarriesOn() throws Exception {
        long rejectedBefore = ReplicationPortStatus.rejectedConnections();

        try (SSLSocket socket = ReplicationClients.tlsConnection()) {
            OutputStream out = socket.getOutputStream();
            out.write("GET / HTTP/1.1\r\nHost: lifeboat\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            ReplicationClients.assertClosedByServer(socket);
        }

        assertEquals(rejectedBefore + 1, ReplicationPortStatus.rejectedConnections());
        assertTrue(ReplicationPortStatus.lastRejectionReason().contains("BAD_MAGIC"),
                ReplicationPortStatus.lastRejectionReason());
        assertEquals(200, LifeboatStack.get(LifeboatStack.api("/health"), null, null).statusCode());
        agentPingCompletesTheHandshake();
    }

    @Test
    void aFirstFrameOtherThanHelloIsAnsweredWithAnErrorAndClosed() throws Exception {
        try (SSLSocket socket = ReplicationClients.tlsConnection()) {
            socket.getOutputStream().write(heartbeatFrame());
            socket.getOutputStream().flush();

            Optional<Frame> answer = new FrameReader(socket.getInputStream()).read();

            assertTrue(answer.isPresent());
            assertEquals(FrameType.ERROR, answer.get().type());
            assertTrue(ErrorReply.from(answer.get()).message().contains("HELLO"), ErrorReply.from(answer.get()).message());
            ReplicationClients.assertClosedByServer(socket);
        }
    }

    @Test
    void aHugeLengthPrefixIsRejectedWithoutReadingFurther() throws Exception {
        try (SSLSocket socket = ReplicationClients.tlsConnection()) {
            ByteBuffer header = ByteBuffer.allocate(12).put("LBF1".getBytes(StandardCharsets.US_ASCII))
                    .put((byte) FrameType.HELLO.code()).put((byte) 0).putShort((short) 0).putInt(64 << 20);
            socket.getOutputStream().write(header.array());
            socket.getOutputStream().flush();

            ReplicationClients.assertClosedByServer(socket);
        }
        assertTrue(ReplicationPortStatus.lastRejectionReason().contains("OVERSIZE"),
                ReplicationPortStatus.lastRejectionReason());
    }

    @Test
    void aSilentConnectionIsClosedAfterTheHandshakeTimeoutWhileOthersAreServed() throws Exception {
        try (SSLSocket silent = ReplicationClients.tlsConnection()) {
            Instant opened = Instant.now();
            CompletableFuture<Void> closed = CompletableFuture.runAsync(() -> ReplicationClients.assertClosedByServer(silent));

            agentPingCompletesTheHandshake();
            closed.get();

            Duration open = Duration.between(opened, Instant.now());
            assertTrue(open.compareTo(Duration.ofSeconds(2)) >= 0 && open.compareTo(Duration.ofSeconds(20)) < 0,
                    "closed after " + open);
        }
        assertTrue(ReplicationPortStatus.lastRejectionReason().contains("handshake deadline"),
                ReplicationPortStatus.lastRejectionReason());
    }

    @Test
    void plainTcpWithoutTlsIsClosed() throws Exception {
        String[] hostPort = LifeboatStack.replicationAddress().split(":");
        try (Socket socket = new Socket(hostPort[0], Integer.parseInt(hostPort[1]))) {
            socket.setSoTimeout(20_000);
            socket.getOutputStream().write(heartbeatFrame());
            socket.getOutputStream().flush();
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[1024];
            int total = 0;
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                total += n; // a TLS alert, then the close
                assertTrue(total < 4096, "the server keeps talking to a client without TLS");
            }
        }
        assertEquals(200, LifeboatStack.get(LifeboatStack.api("/health"), null, null).statusCode());
    }

    private static byte[] heartbeatFrame() throws IOException {
        return ReplicationClients.bytes(Frame.empty(FrameType.HEARTBEAT));
    }
}
