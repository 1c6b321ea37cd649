package org.lifeboat.agent.cli;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lifeboat.agent.AgentVersion;
import org.lifeboat.agent.testing.AgentRun;
import org.lifeboat.agent.testing.TestCertificate;
import org.lifeboat.protocol.ErrorCode;
import org.lifeboat.protocol.ErrorReply;
import org.lifeboat.protocol.Hello;
import org.lifeboat.protocol.ProtocolLimits;
import org.lifeboat.protocol.Welcome;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PingCommandTest {

    private static final Welcome WELCOME = new Welcome("ps-test", "0.1.0-test", "session-42", "");

    @TempDir
    static Path keys;

    /** The server's own certificate, valid for how the tests address it. */
    private static TestCertificate localhost;
    /** A certificate for some other server. */
    private static TestCertificate elsewhere;

    @BeforeAll
    static void generateCertificates() throws Exception {
        localhost = TestCertificate.localhost();
        elsewhere = TestCertificate.generate(keys, "elsewhere", "dns:elsewhere.test");
    }

    @Test
    void printsTheServerAndSessionWhenWelcomed() throws Exception {
        try (TlsTestServer server = new TlsTestServer(localhost, TlsTestServer.Answer.frame(WELCOME.toFrame()))) {
            AgentRun run = ping("localhost:" + server.port(), "--ca-cert", localhost.pem().toString(), "--name", "db01");

            assertSucceeded(run);
            assertTrue(run.out().matches("Connected to localhost:" + server.port() + " over TLSv1\\.3: "
                    + "server ps-test 0\\.1\\.0-test, session session-42, round trip \\d+ ms\\R"), run.out());
            assertEquals(new Hello(ProtocolLimits.PROTOCOL_VERSION, "db01", AgentVersion.current(), "", new byte[0]),
                    server.receivedHello());
        }
    }

    @Test
    void acceptsAServerAddressedByIp() throws Exception {
        try (TlsTestServer server = new TlsTestServer(localhost, TlsTestServer.Answer.frame(WELCOME.toFrame()))) {
            AgentRun run = ping("127.0.0.1:" + server.port(), "--ca-cert", localhost.pem().toString());

            assertSucceeded(run);
            assertTrue(run.out().startsWith("Connected to 127.0.0.1:" + server.port()), run.out());
        }
    }

    @Test
    void announcesTheHostNameUnlessNamed() throws Exception {
        try (TlsTestServer server = new TlsTestServer(localhost, TlsTestServer.Answer.frame(WELCOME.toFrame()))) {
            assertSucceeded(ping("localhost:" + server.port(), "--ca-cert", localhost.pem().toString()));

            assertEquals(InetAddress.getLocalHost().getHostName(), server.receivedHello().agentName());
        }
    }

    @Test
    void reportsTheServersError() throws Exception {
        ErrorReply refusal = new ErrorReply(ErrorCode.UNSUPPORTED_VERSION, "this server speaks protocol 2");
        try (TlsTestServer server = new TlsTestServer(localhost, TlsTestServer.Answer.frame(refusal.toFrame()))) {
            AgentRun run = ping("localhost:" + server.port(), "--ca-cert", localhost.pem().toString());

            assertFailed(run, ExitCodes.HANDSHAKE_REJECTED, "The server at localhost:" + server.port()
                    + " rejected the handshake: UNSUPPORTED_VERSION: this server speaks protocol 2");
        }
    }

    @Test
    void reportsAnAnswerThatIsNotAFrame() throws Exception {
        byte[] http = "HTTP/1.1 400 Bad Request\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        try (TlsTestServer server = new TlsTestServer(localhost, TlsTestServer.Answer.raw(http))) {
            AgentRun run = ping("localhost:" + server.port(), "--ca-cert", localhost.pem().toString());

            assertFailed(run, ExitCodes.HANDSHAKE_REJECTED, "The server at localhost:" + server.port()
                    + " rejected the handshake: BAD_MAGIC: bad magic 0x48545450 (\"HTTP\"), expected 0x4C424631 (\"LBF1\")");
        }
    }

    @Test
    void reportsAServerThatHangsUp() throws Exception {
        try (TlsTestServer server = new TlsTestServer(localhost, TlsTestServer.Answer.hangUp())) {
            AgentRun run = ping("localhost:" + server.port(), "--ca-cert", localhost.pem().toString());

            assertFailed(run, ExitCodes.HANDSHAKE_REJECTED, "The server at localhost:" + server.port()
                    + " rejected the handshake: CONNECTION_CLOSED: the server closed the connection without answering");
        }
    }

    @Test
    void reportsThatNothingListens() throws IOException {
        int port;
        try (ServerSocket released = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = released.getLocalPort();
        }

        AgentRun run = ping("localhost:" + port, "--ca-cert", localhost.pem().toString());

        assertFailed(run, ExitCodes.UNREACHABLE, "Cannot reach localhost:" + port
                + ": connection refused. Is the Lifeboat server running and is the replication port right?");
    }

    @Test
    void reportsAnUnknownHost() {
        AgentRun run = ping("no-such-host.invalid:9443");

        assertFailed(run, ExitCodes.UNREACHABLE, "Cannot reach no-such-host.invalid:9443: unknown host."
                + " Is the Lifeboat server running and is the replication port right?");
    }

    @Test
    void givesUpOnAServerThatNeverAnswers() throws IOException {
        // The kernel completes the TCP handshake from the backlog; nobody ever speaks TLS.
        try (ServerSocket silent = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            AgentRun run = ping("localhost:" + silent.getLocalPort(), "--ca-cert", localhost.pem().toString(),
                    "--timeout", "1");

            assertFailed(run, ExitCodes.UNREACHABLE, "Cannot reach localhost:" + silent.getLocalPort()
                    + ": no answer within 1 s. Is the Lifeboat server running and is the replication port right?");
        }
    }

    @Test
    void refusesACertificateOtherThanTheOneGiven() throws Exception {
        try (TlsTestServer server = new TlsTestServer(elsewhere, TlsTestServer.Answer.frame(WELCOME.toFrame()))) {
            AgentRun run = ping("localhost:" + server.port(), "--ca-cert", localhost.pem().toString());

            assertFailed(run, ExitCodes.UNTRUSTED_CERTIFICATE, "The certificate presented by localhost:" + server.port()
                    + " is not trusted (unknown issuer). Pass the server's certificate with --ca-cert.");
        }
    }

    @Test
    void refusesATrustedCertificateIssuedForAnotherHost() throws Exception {
        try (TlsTestServer server = new TlsTestServer(elsewhere, TlsTestServer.Answer.frame(WELCOME.toFrame()))) {
            AgentRun run = ping("localhost:" + server.port(), "--ca-cert", elsewhere.pem().toString());

            assertFailed(run, ExitCodes.UNTRUSTED_CERTIFICATE, "The certificate presented by localhost:" + server.port()
                    + " is not trusted (it is issued for another host name, not localhost)."
                    + " Pass the server's certificate with --ca-cert.");
        }
    }

    @Test
    void trustsOnlyTheJvmTrustStoreWithoutCaCert() throws Exception {
        try (TlsTestServer server = new TlsTestServer(localhost, TlsTestServer.Answer.frame(WELCOME.toFrame()))) {
            AgentRun run = ping("localhost:" + server.port());

            assertFailed(run, ExitCodes.UNTRUSTED_CERTIFICATE, "The certificate presented by localhost:" + server.port()
                    + " is not trusted (unknown issuer). Pass the server's certificate with --ca-cert.");
        }
    }

    @Test
    void rejectsAServerWithoutPort() {
        AgentRun run = ping("localhost");

        assertEquals(ExitCodes.USAGE, run.exitCode());
        assertTrue(run.err().startsWith("Invalid value for option '--server': 'localhost' has no port"), run.err());
    }

    @Test
    void rejectsAMissingCaCertFile() {
        Path missing = keys.resolve("missing.pem");

        AgentRun run = ping("localhost:9443", "--ca-cert", missing.toString());

        assertFailed(run, ExitCodes.USAGE, "Cannot use --ca-cert " + missing + ": no such file.");
    }

    @Test
    void rejectsACaCertFileWithoutCertificates() throws IOException {
        Path notPem = Files.writeString(keys.resolve("not.pem"), "not a certificate\n");

        AgentRun run = ping("localhost:9443", "--ca-cert", notPem.toString());

        assertEquals(ExitCodes.USAGE, run.exitCode());
        assertTrue(run.err().startsWith("Cannot use --ca-cert " + notPem + ": "), run.err());
    }

    @Test
    void rejectsAZeroTimeout() {
        AgentRun run = ping("localhost:9443", "--timeout", "0");

        assertEquals(ExitCodes.USAGE, run.exitCode());
        assertTrue(run.err().startsWith("--timeout must be at least 1 second"), run.err());
    }

    private static AgentRun ping(String server, String... options) {
        String[] arguments = new String[options.length + 3];
        arguments[0] = "ping";
        arguments[1] = "--server";
        arguments[2] = server;
        System.arraycopy(options, 0, arguments, 3, options.length);
        return AgentRun.of(arguments);
    }

    private static void assertSucceeded(AgentRun run) {
        assertAll(
                () -> assertEquals("", run.err()),
                () -> assertEquals(ExitCodes.OK, run.exitCode()));
    }

    /** An expected failure is one line on stderr, never a stack trace. */
    private static void assertFailed(AgentRun run, int exitCode, String message) {
        assertAll(
                () -> assertEquals(message + System.lineSeparator(), run.err()),
                () -> assertEquals("", run.out()),
                () -> assertEquals(exitCode, run.exitCode()));
    }
}
