package org.lifeboat.scaleout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.cert.CertificateFactory;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lifeboat.shared.InvalidRequestException;

/** A registration's {@code certificate}: one X.509 PEM, valid now; anything else a 400 naming the field. */
class ProcessServerCertificateTest {

    @TempDir
    Path dir;

    @Test
    void itsFingerprintIsTheSha256OfTheDerEncoding() throws Exception {
        String pem = selfSigned("ps1", "2");
        byte[] der = CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII))).getEncoded();
        ProcessServerCertificate certificate = ProcessServerCertificate.parse(pem);
        assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(der)), certificate.sha256());
        assertEquals(pem.strip() + "\n", certificate.pem());
    }

    @Test
    void missingTwoOrTooLongAreRefusedNamingTheField() throws Exception {
        assertEquals("certificate is required: the PEM certificate the process server's replication port presents",
                refused(null).getMessage());
        assertEquals("certificate", refused("").field());
        String pem = selfSigned("a", "2");
        assertEquals("certificate must hold exactly one certificate, not 2",
                refused(pem + selfSigned("b", "2")).getMessage());
        assertTrue(refused(pem + " ".repeat(ProcessServerCertificate.MAX_PEM_CHARS)).getMessage()
                .startsWith("certificate is longer than"));
        assertEquals("certificate", refused("hello").field());
    }

    @Test
    void anExpiredOneIsRefused() throws Exception {
        // valid for one day from two days ago
        String pem = selfSigned("old", "1", "-startdate", "-2d");
        assertTrue(refused(pem).getMessage().startsWith("certificate has expired"), refused(pem).getMessage());
    }

    private static InvalidRequestException refused(String pem) {
        InvalidRequestException e = assertThrows(InvalidRequestException.class, () -> ProcessServerCertificate.parse(pem));
        assertEquals("certificate", e.field());
        return e;
    }

    private String selfSigned(String name, String days, String... more) throws Exception {
        Path store = dir.resolve(name + ".p12");
        Path pem = dir.resolve(name + ".pem");
        java.util.List<String> generate = new java.util.ArrayList<>(java.util.List.of("keytool", "-genkeypair", "-alias",
                name, "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=" + name, "-validity", days,
                "-keystore", store.toString(), "-storetype", "PKCS12", "-storepass", "changeit"));
        generate.addAll(java.util.List.of(more));
        run(generate.toArray(String[]::new));
        run("keytool", "-exportcert", "-rfc", "-alias", name, "-keystore", store.toString(), "-storetype", "PKCS12",
                "-storepass", "changeit", "-file", pem.toString());
        return Files.readString(pem);
    }

    private void run(String... command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve("keytool.log").toFile()).start();
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: "
                    + Files.readString(dir.resolve("keytool.log")));
        }
    }
}
