package org.lifeboat.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.Base64;

/**
 * Writes the server's key and certificate from the Lifeboat PKCS#12 keystore as PEM files, for
 * Azurite's HTTPS. keytool cannot export a private key; this does, to a file only its owner reads.
 *
 * <p>Usage: {@code PemExport KEYSTORE PASSWORD_FILE ALIAS KEY_PEM CERT_PEM}
 */
public final class PemExport {

    private PemExport() {
    }

    public static void main(String[] args) throws IOException, GeneralSecurityException {
        if (args.length != 5) {
            System.err.println("usage: PemExport KEYSTORE PASSWORD_FILE ALIAS KEY_PEM CERT_PEM");
            System.exit(2);
        }
        char[] password = Files.readString(Path.of(args[1]), StandardCharsets.UTF_8).strip().toCharArray();
        KeyStore keyStore = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(Path.of(args[0]))) {
            keyStore.load(in, password);
        }
        Key key = keyStore.getKey(args[2], password);
        Certificate certificate = keyStore.getCertificate(args[2]);
        if (key == null || certificate == null) {
            throw new GeneralSecurityException("no key pair '" + args[2] + "' in " + args[0]);
        }
        Path keyFile = Path.of(args[3]);
        Files.deleteIfExists(keyFile);
        Files.createFile(keyFile, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(keyFile, pem("PRIVATE KEY", key.getEncoded()));
        Files.writeString(Path.of(args[4]), pem("CERTIFICATE", certificate.getEncoded()));
    }

    static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }
}
