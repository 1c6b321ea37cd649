package org.lifeboat.discovery;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lifeboat.shared.InvalidRequestException;

class CertificateTrustTest {

    @TempDir
    static Path dir;

    private static String pemA;
    private static String pemB;
    private static X509Certificate a;
    private static X509Certificate b;

    @BeforeAll
    static void certificates() throws Exception {
        pemA = selfSigned("a");
        pemB = selfSigned("b");
        a = CertificateTrust.parsePem(pemA).get(0);
        b = CertificateTrust.parsePem(pemB).get(0);
    }

    @Test
    void firstUseAcceptsAndTellsWhatToPin() throws Exception {
        CertificateTrust trust = new CertificateTrust(null, null);
        trust.checkServerTrusted(new X509Certificate[]{a}, "ECDHE_ECDSA");

        assertEquals(CertificateTrust.fingerprint(a), trust.seenFingerprint());
        assertNull(trust.refusal());
    }

    @Test
    void aPinnedCertificateIsTheOnlyOneAccepted() throws Exception {
        CertificateTrust trust = new CertificateTrust(CertificateTrust.fingerprint(a), null);
        assertDoesNotThrow(() -> trust.checkServerTrusted(new X509Certificate[]{a}, "ECDHE_ECDSA"));

        CertificateException changed = assertThrows(CertificateException.class,
                () -> trust.checkServerTrusted(new X509Certificate[]{b}, "ECDHE_ECDSA"));
        assertTrue(changed.getMessage().contains("certificate changed"), changed.getMessage());
        assertTrue(trust.refusal().contains(CertificateTrust.fingerprint(b)), trust.refusal());
        assertTrue(trust.refusal().contains(CertificateTrust.fingerprint(a)), trust.refusal());
    }

    @Test
    void aSuppliedCertificateOverridesThePin() throws Exception {
        CertificateTrust trust = new CertificateTrust(CertificateTrust.fingerprint(a), pemB);
        assertDoesNotThrow(() -> trust.checkServerTrusted(new X509Certificate[]{b}, "ECDHE_ECDSA"));

        CertificateException other = assertThrows(CertificateException.class,
                () -> trust.checkServerTrusted(new X509Certificate[]{a}, "ECDHE_ECDSA"));
        assertTrue(other.getMessage().contains("neither the supplied certificate nor signed by it"), other.getMessage());
    }

    @Test
    void unreadablePemIsRefusedAsTheCertificateField() {
        InvalidRequestException e = assertThrows(InvalidRequestException.class,
                () -> CertificateTrust.parsePem("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n"));
        assertEquals("certificate", e.field());
        assertEquals("certificate", assertThrows(InvalidRequestException.class,
                () -> CertificateTrust.parsePem("hello")).field());
    }

    private static String selfSigned(String name) throws Exception {
        Path store = dir.resolve(name + ".p12");
        Path pem = dir.resolve(name + ".pem");
        run("keytool", "-genkeypair", "-alias", name, "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=" + name,
                "-validity", "2", "-keystore", store.toString(), "-storetype", "PKCS12", "-storepass", "changeit");
        run("keytool", "-exportcert", "-rfc", "-alias", name, "-keystore", store.toString(), "-storetype", "PKCS12",
                "-storepass", "changeit", "-file", pem.toString());
        return Files.readString(pem);
    }

    private static void run(String... command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve("keytool.log").toFile()).start();
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: "
                    + Files.readString(dir.resolve("keytool.log")));
        }
    }
}
