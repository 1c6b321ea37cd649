package org.lifeboat.agent.registration;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * A push installation's one-time registration token and the SHA-256 of the server certificate it may be sent
 * to, as the installer wrote them to a 0600 file ({@code token=...}, {@code serverCertificateSha256=...}). The
 * token never appears on a command line.
 */
public final class InstallToken {

    private final String token;
    private final String serverCertificateSha256;

    private InstallToken(String token, String serverCertificateSha256) {
        this.token = token;
        this.serverCertificateSha256 = serverCertificateSha256;
    }

    public static InstallToken fromFile(Path file) throws IOException {
        Properties properties = new Properties();
        properties.load(new StringReader(Files.readString(file, StandardCharsets.UTF_8)));
        String token = properties.getProperty("token", "").strip();
        String certificate = properties.getProperty("serverCertificateSha256", "").strip();
        if (token.isEmpty() || token.length() > 128) {
            throw new IllegalArgumentException("it holds no token (a line token=...)");
        }
        if (!certificate.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("it names no server certificate (a line serverCertificateSha256= and "
                    + "64 hex digits)");
        }
        return new InstallToken(token, certificate);
    }

    String token() {
        return token;
    }

    String serverCertificateSha256() {
        return serverCertificateSha256;
    }

    /** The token keys the server's proof as the passphrase does in a passphrase registration. */
    RegistrationProof proof() {
        return new RegistrationProof(Passphrase.of(token));
    }

    @Override
    public String toString() {
        return "InstallToken[hidden]";
    }
}
