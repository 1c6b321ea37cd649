package org.lifeboat.agent.state;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.Comparator;
import java.util.Properties;
import java.util.stream.Stream;

import org.lifeboat.agent.connection.PemCertificate;
import org.lifeboat.agent.connection.ServerTrust;
import org.lifeboat.agent.disk.DiskId;
import org.lifeboat.files.SecureFiles;

/**
 * The agent's local state, one directory (mode 0700) per registered agent:
 * <pre>
 *   identity.properties   agent id, credential, API URL, replication address, name (0600)
 *   server-cert.pem       the server certificate pinned at registration
 *   configuration.json    the last configuration pulled from the server
 *   status.json           what `run` last reported, rewritten every second
 *   agent.lock            held by the running daemon
 *   agent.sock            the daemon's control socket
 *   disks/DISK-ID/        per protected disk: acknowledged.map, inflight.log
 * </pre>
 */
public final class StateDirectory {

    private final Path root;

    private StateDirectory(Path root) {
        this.root = root;
    }

    public static StateDirectory at(Path root) {
        return new StateDirectory(root);
    }

    /**
     * Writes a new agent's state: everything goes into a temporary directory that is renamed
     * into place at the end, so a failure leaves nothing at {@code root}.
     *
     * @throws StateException if {@code root} already holds something, or writing fails
     */
    public static StateDirectory create(Path root, AgentIdentity identity, X509Certificate serverCertificate,
                                        String configurationJson) throws StateException {
        requireUnused(root);
        Path temporary = null;
        try {
            Files.createDirectories(root.toAbsolutePath().getParent());
            temporary = SecureFiles.createPrivateTemporaryDirectory(root);
            StateDirectory building = new StateDirectory(temporary);
            SecureFiles.writeAtomically(building.identityFile(), propertiesText(identity.toProperties()));
            SecureFiles.writeAtomically(building.serverCertificateFile(),
                    PemCertificate.encode(serverCertificate).getBytes(StandardCharsets.US_ASCII));
            SecureFiles.writeAtomically(building.configurationFile(), configurationJson.getBytes(StandardCharsets.UTF_8));
            requireUnused(root);
            SecureFiles.move(temporary, root);
            SecureFiles.syncDirectory(root.toAbsolutePath().getParent());
            return new StateDirectory(root);
        } catch (IOException e) {
            throw new StateException("Cannot write the state directory " + root + ": " + e.getMessage(), e);
        } finally {
            deleteQuietly(temporary);
        }
    }

    /** A state directory that a previous {@code register} completed. */
    public static StateDirectory registered(Path root) throws StateException {
        StateDirectory state = new StateDirectory(root);
        if (!Files.isRegularFile(state.identityFile())) {
            throw new StateException(root + " holds no registered agent (no identity.properties); run register first.");
        }
        return state;
    }

    public Path root() {
        return root;
    }

    public AgentIdentity identity() throws StateException {
        Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(identityFile())) {
            properties.load(in);
            return AgentIdentity.fromProperties(properties);
        } catch (IOException | IllegalArgumentException e) {
            throw new StateException("Cannot read " + identityFile() + ": " + e.getMessage(), e);
        }
    }

    /** Trust in exactly the certificate pinned at registration, with host name verification. */
    public ServerTrust serverTrust() throws StateException {
        try {
            return ServerTrust.fromPemFile(serverCertificateFile());
        } catch (IOException | CertificateException e) {
            throw new StateException("Cannot read the pinned server certificate " + serverCertificateFile() + ": "
                    + e.getMessage(), e);
        }
    }

    public Path identityFile() {
        return root.resolve("identity.properties");
    }

    public Path serverCertificateFile() {
        return root.resolve("server-cert.pem");
    }

    public Path configurationFile() {
        return root.resolve("configuration.json");
    }

    public Path statusFile() {
        return root.resolve("status.json");
    }

    public Path lockFile() {
        return root.resolve("agent.lock");
    }

    public Path controlSocket() {
        return root.resolve("agent.sock");
    }

    public Path diskDirectory(DiskId disk) {
        return root.resolve("disks").resolve(disk.value());
    }

    /**
     * Checks that {@code root} can take a new agent's state: it does not exist, or is an empty directory.
     */
    public static void requireUnused(Path root) throws StateException {
        if (Files.isRegularFile(root.resolve("identity.properties"))) {
            throw new StateException(root + " already holds a registered agent; use another --state directory.");
        }
        if (Files.exists(root)) {
            if (!Files.isDirectory(root)) {
                throw new StateException(root + " exists and is not a directory.");
            }
            try (DirectoryStream<Path> entries = Files.newDirectoryStream(root)) {
                if (entries.iterator().hasNext()) {
                    throw new StateException(root + " is not empty; use a new or empty --state directory.");
                }
            } catch (IOException e) {
                throw new StateException("Cannot read " + root + ": " + e.getMessage(), e);
            }
        }
    }

    private static byte[] propertiesText(Properties properties) {
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        try {
            properties.store(text, "Lifeboat agent identity; the credential is a secret");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return text.toByteArray();
    }

    private static void deleteQuietly(Path directory) {
        if (directory == null || !Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.deleteIfExists(path);
                } catch (IOException e) {
                    // Best effort: the temporary directory is hidden and holds nothing the agent reads.
                }
            });
        } catch (NoSuchFileException e) {
            // Already gone.
        } catch (IOException e) {
            // As above.
        }
    }
}
