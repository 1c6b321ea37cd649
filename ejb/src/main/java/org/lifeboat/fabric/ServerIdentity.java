package org.lifeboat.fabric;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.util.HexFormat;
import java.util.Optional;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.lifeboat.files.SecureFiles;
import org.lifeboat.home.LifeboatHome;
import org.lifeboat.shared.Settings;

/**
 * What agents need to know about this server, and the secret they register with: the address of the
 * replication port, the fingerprint of the certificate both ports present, and the registration
 * passphrase (read from its 0600 file each time, so a regenerated passphrase applies at once).
 */
@ApplicationScoped
public class ServerIdentity {

    static final String PASSPHRASE_FILE = "registration-passphrase";
    /** 32 characters of 62: about 190 bits, like the launcher's first passphrase. */
    private static final int PASSPHRASE_LENGTH = 32;
    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private static final SecureRandom RANDOM = new SecureRandom();

    @Inject
    private LifeboatHome home;

    public String replicationAddress() {
        return publicHost() + ":" + Settings.integer("lifeboat.replication.port", 9443);
    }

    public String publicHost() {
        Optional<String> configured = Settings.text("lifeboat.public-host");
        if (configured.isPresent()) {
            return configured.get();
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }

    /** Lowercase hex SHA-256 of the DER encoding of the server's certificate. */
    public String certificateFingerprint() {
        try (InputStream in = Files.newInputStream(home.root().resolve("tls/server-cert.pem"))) {
            byte[] der = CertificateFactory.getInstance("X.509").generateCertificate(in).getEncoded();
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(der));
        } catch (IOException e) {
            throw new UncheckedIOException("the server certificate cannot be read", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the server certificate cannot be parsed: " + e.getMessage(), e);
        }
    }

    public byte[] registrationPassphrase() {
        try {
            return Files.readString(home.secret(PASSPHRASE_FILE), StandardCharsets.UTF_8).strip()
                    .getBytes(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("the registration passphrase file cannot be read", e);
        }
    }

    /**
     * Replaces the registration passphrase with a new random one and returns it (the only time it is
     * shown besides its file). The file is written whole under a temporary name, 0600 from its creation,
     * fsynced, then moved into place (and its directory fsynced), so a registration, or the server after
     * a crash, reads either the old or the new passphrase, never a part or an empty file.
     */
    synchronized String regenerateRegistrationPassphrase() {
        StringBuilder passphrase = new StringBuilder(PASSPHRASE_LENGTH);
        for (int i = 0; i < PASSPHRASE_LENGTH; i++) {
            passphrase.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        Path file = home.secret(PASSPHRASE_FILE);
        try {
            SecureFiles.writeAtomically(file, (passphrase + "\n").getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("the registration passphrase file cannot be written", e);
        }
        return passphrase.toString();
    }
}
