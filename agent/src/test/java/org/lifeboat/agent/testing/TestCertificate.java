package org.lifeboat.agent.testing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * A self-signed server key pair made by the JDK's keytool, as an operator would
 * make one, with its certificate exported as PEM for {@code --ca-cert}.
 */
public record TestCertificate(Path keyStore, Path pem) {

    private static final String PASSWORD = "changeit";
    private static TestCertificate localhost;

    /** One certificate for localhost and 127.0.0.1, made once per test run: keytool takes a second. */
    public static synchronized TestCertificate localhost() throws IOException, InterruptedException {
        if (localhost == null) {
            Path directory = Files.createTempDirectory("lifeboat-test-certificate");
            directory.toFile().deleteOnExit();
            localhost = generate(directory, "localhost", "dns:localhost,ip:127.0.0.1");
            localhost.keyStore().toFile().deleteOnExit();
            localhost.pem().toFile().deleteOnExit();
        }
        return localhost;
    }

    /**
     * @param subjectAltNames keytool's SAN syntax, e.g. {@code dns:localhost,ip:127.0.0.1}
     */
    public static TestCertificate generate(Path directory, String alias, String subjectAltNames)
            throws IOException, InterruptedException {
        Path keyStore = directory.resolve(alias + ".p12");
        Path pem = directory.resolve(alias + ".pem");
        keytool("-genkeypair", "-alias", alias, "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=" + alias, "-ext", "SAN=" + subjectAltNames, "-validity", "2",
                "-storetype", "PKCS12", "-keystore", keyStore.toString(), "-storepass", PASSWORD);
        keytool("-exportcert", "-rfc", "-alias", alias,
                "-keystore", keyStore.toString(), "-storepass", PASSWORD, "-file", pem.toString());
        return new TestCertificate(keyStore, pem);
    }

    public SSLContext serverContext() throws IOException, GeneralSecurityException {
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keyStore)) {
            keys.load(in, PASSWORD.toCharArray());
        }
        KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keyManagers.init(keys, PASSWORD.toCharArray());
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keyManagers.getKeyManagers(), null, null);
        return context;
    }

    public X509Certificate certificate() throws IOException, CertificateException {
        try (InputStream in = Files.newInputStream(pem)) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
    }

    private static void keytool(String... arguments) throws IOException, InterruptedException {
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        List<String> command = new ArrayList<>(List.of(keytool.toString()));
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException("keytool " + String.join(" ", arguments) + " failed:\n" + output);
        }
    }
}
