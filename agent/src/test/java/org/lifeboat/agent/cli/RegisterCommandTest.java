package org.lifeboat.agent.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Properties;

import jakarta.json.JsonObject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lifeboat.agent.testing.AgentRun;
import org.lifeboat.agent.testing.FakeRestServer;
import org.lifeboat.agent.testing.TestCertificate;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RegisterCommandTest {

    private static final String PASSPHRASE = "correct horse battery staple";

    @TempDir
    Path directory;

    private TestCertificate certificate;
    private FakeRestServer server;
    private Path passphraseFile;
    private Path disk;
    private Path state;

    @BeforeEach
    void setUp() throws Exception {
        certificate = TestCertificate.localhost();
        server = new FakeRestServer(certificate, PASSPHRASE);
        passphraseFile = Files.writeString(directory.resolve("passphrase"), PASSPHRASE + "\n");
        disk = image("disk.img", 1 << 20);
        state = directory.resolve("state");
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    @Test
    void registersProvesThePassphraseWithoutSendingItAndPinsTheServer() throws Exception {
        Path second = image("second.img", 4 << 20);

        AgentRun run = register("--disk", second.toString(), "--name", "db01");

        assertEquals("", run.err());
        assertEquals(ExitCodes.OK, run.exitCode());
        assertTrue(run.out().startsWith("Registered as agent agent-1 (db01)"), run.out());
        // the disks by path only: the ids the API takes come with enabling replication
        assertTrue(run.out().contains("  disk: " + second + ", " + (4 << 20) + " bytes"), run.out());
        assertFalse(run.out().contains("disk-2"), run.out());
        JsonObject request = server.registrations().get(0);
        assertEquals("db01", request.getString("name"));
        assertEquals(2, request.getJsonArray("disks").size());
        assertEquals(4 << 20, request.getJsonArray("disks").getJsonObject(1).getJsonNumber("sizeBytes").longValue());
        assertFalse(request.toString().contains(PASSPHRASE));

        Properties identity = new Properties();
        try (InputStream in = Files.newInputStream(state.resolve("identity.properties"))) {
            identity.load(in);
        }
        assertAll(
                () -> assertEquals("agent-1", identity.getProperty("agentId")),
                () -> assertEquals("credential-of-agent-1", identity.getProperty("credential")),
                () -> assertEquals(server.apiUrl().toString(), identity.getProperty("apiUrl")),
                () -> assertEquals("localhost:9443", identity.getProperty("replicationAddress")),
                () -> assertEquals("rwx------", permissions(state)),
                () -> assertEquals("rw-------", permissions(state.resolve("identity.properties"))),
                () -> assertEquals(Files.readString(certificate.pem()).strip().replace("\r", ""),
                        Files.readString(state.resolve("server-cert.pem")).strip()),
                () -> assertTrue(Files.readString(state.resolve("configuration.json")).contains("\"disk-2\"")));
    }

    @Test
    void verifiesTheCertificateWithCaCertAndStillProvesThePassphrase() {
        AgentRun run = register("--ca-cert", certificate.pem().toString());

        assertEquals(ExitCodes.OK, run.exitCode(), run.err());
        assertTrue(Files.exists(state.resolve("identity.properties")));
    }

    @Test
    void refusesAWrongPassphraseAndWritesNothing() throws IOException {
        Files.writeString(passphraseFile, "wrong guess");

        assertFailedWithoutState(register(), ExitCodes.REFUSED, "The server refused the passphrase (wrong passphrase).");
    }

    @Test
    void refusesAServerThatCannotProveThePassphraseAndWritesNothing() throws IOException {
        server.forgeServerProof();

        assertFailedWithoutState(register(), ExitCodes.UNTRUSTED_CERTIFICATE,
                "The server's answer does not prove it knows the passphrase; it may be an impostor. Nothing was saved.");
    }

    @Test
    void registersWithAOneTimeTokenFileSentOnlyToTheNamedCertificate() throws Exception {
        Path tokenFile = Files.writeString(directory.resolve("token"), "token=" + PASSPHRASE
                + "\nserverCertificateSha256=" + server.certificateSha256() + "\n");

        AgentRun run = registerWith("--token-file", tokenFile.toString());

        assertEquals(ExitCodes.OK, run.exitCode(), run.err());
        JsonObject request = server.registrations().get(0);
        assertEquals(PASSPHRASE, request.getString("registrationToken"));
        assertFalse(request.containsKey("passphraseProof"), request.toString());
        assertTrue(Files.exists(state.resolve("identity.properties")));
    }

    @Test
    void keepsTheTokenFromAServerWithAnotherCertificateAndWritesNothing() throws Exception {
        String other = "0".repeat(64);
        Path tokenFile = Files.writeString(directory.resolve("token"), "token=" + PASSPHRASE
                + "\nserverCertificateSha256=" + other + "\n");

        AgentRun run = registerWith("--token-file", tokenFile.toString());

        assertEquals(ExitCodes.UNTRUSTED_CERTIFICATE, run.exitCode(), run.err());
        assertTrue(run.err().contains("it is not the certificate the installer named (SHA-256 " + other), run.err());
        assertEquals(0, server.registrations().size());
        assertFalse(Files.exists(state.resolve("identity.properties")));
    }

    @Test
    void refusesAUsedTokenWithTheServersReason() throws Exception {
        Path tokenFile = Files.writeString(directory.resolve("token"), "token=used-before"
                + "\nserverCertificateSha256=" + server.certificateSha256() + "\n");

        assertFailedWithoutState(registerWith("--token-file", tokenFile.toString()), ExitCodes.REFUSED,
                "The server refused the registration token (the registration token was used already).");
    }

    @Test
    void takesThePassphraseOrTheTokenNotBoth() throws Exception {
        Path tokenFile = Files.writeString(directory.resolve("token"), "token=x\nserverCertificateSha256="
                + server.certificateSha256() + "\n");

        AgentRun run = registerWith("--passphrase-file", passphraseFile.toString(), "--token-file", tokenFile.toString());

        assertEquals(ExitCodes.USAGE, run.exitCode());
        assertTrue(run.err().contains("mutually exclusive"), run.err());
    }

    @Test
    void refusesAnUnknownDiskBeforeAskingTheServer() throws IOException {
        Path missing = directory.resolve("no-such-disk");

        assertFailedWithoutState(register("--disk", missing.toString()), ExitCodes.USAGE,
                "Disk " + missing + " does not exist.");
        assertEquals(0, server.registrations().size());
    }

    @Test
    void refusesADiskThatIsNotWholeSectors() throws IOException {
        Path odd = Files.write(directory.resolve("odd.img"), new byte[1000]);

        assertFailedWithoutState(register("--disk", odd.toString()), ExitCodes.USAGE,
                "Disk " + odd + " is 1000 bytes, not a multiple of 512-byte sectors.");
    }

    @Test
    void refusesTheSameDiskTwice() throws IOException {
        assertFailedWithoutState(register("--disk", disk.toString()), ExitCodes.USAGE,
                "Disk " + disk + " is given more than once.");
    }

    @Test
    void acceptsALargeSparseImage() throws IOException {
        Path sparse = image("sparse.img", 1L << 40);

        AgentRun run = register("--disk", sparse.toString());

        assertEquals(ExitCodes.OK, run.exitCode(), run.err());
        assertEquals(1L << 40, server.registrations().get(0).getJsonArray("disks").getJsonObject(1)
                .getJsonNumber("sizeBytes").longValue());
    }

    @Test
    void refusesAStateDirectoryThatIsAlreadyRegistered() {
        assertEquals(ExitCodes.OK, register().exitCode());

        AgentRun again = register();

        assertEquals(ExitCodes.USAGE, again.exitCode());
        assertEquals(state + " already holds a registered agent; use another --state directory."
                + System.lineSeparator(), again.err());
        assertEquals(1, server.registrations().size());
    }

    @Test
    void reportsAnUnreachableServer() throws IOException {
        int port;
        try (ServerSocket released = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = released.getLocalPort();
        }

        AgentRun run = AgentRun.of("register", "--server", "https://localhost:" + port + "/lifeboat/api/v1",
                "--passphrase-file", passphraseFile.toString(), "--disk", disk.toString(), "--state", state.toString());

        assertFailedWithoutState(run, ExitCodes.UNREACHABLE,
                "Cannot reach the server at localhost:" + port + ": connection refused.");
    }

    private AgentRun register(String... more) {
        String[] base = {"register", "--server", server.apiUrl().toString(), "--passphrase-file", passphraseFile.toString(),
                "--disk", disk.toString(), "--state", state.toString()};
        String[] arguments = new String[base.length + more.length];
        System.arraycopy(base, 0, arguments, 0, base.length);
        System.arraycopy(more, 0, arguments, base.length, more.length);
        return AgentRun.of(arguments);
    }

    /** {@code register} with a secret of the caller's choice instead of the passphrase file. */
    private AgentRun registerWith(String... secret) {
        String[] base = {"register", "--server", server.apiUrl().toString(), "--disk", disk.toString(), "--state",
                state.toString()};
        String[] arguments = new String[base.length + secret.length];
        System.arraycopy(base, 0, arguments, 0, base.length);
        System.arraycopy(secret, 0, arguments, base.length, secret.length);
        return AgentRun.of(arguments);
    }

    private void assertFailedWithoutState(AgentRun run, int exitCode, String message) throws IOException {
        assertAll(
                () -> assertEquals(message + System.lineSeparator(), run.err()),
                () -> assertEquals("", run.out()),
                () -> assertEquals(exitCode, run.exitCode()),
                () -> assertFalse(Files.exists(state), "the state directory was created"));
        try (var leftovers = Files.list(directory)) {
            assertEquals(0, leftovers.filter(path -> path.getFileName().toString().startsWith(".state")).count());
        }
    }

    private Path image(String name, long size) throws IOException {
        Path image = directory.resolve(name);
        try (RandomAccessFile file = new RandomAccessFile(image.toFile(), "rw")) {
            file.setLength(size);
        }
        return image;
    }

    private static String permissions(Path path) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }
}
