package org.lifeboat.agent.connection;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.List;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Which certificates the agent accepts from a server: the JVM's trust store, only those an
 * operator handed over, the one certificate pinned at registration, or the one certificate whose
 * SHA-256 the configuration names for its process server.
 */
public final class ServerTrust {

    private final SSLContext context;

    private ServerTrust(SSLContext context) {
        this.context = context;
    }

    public static ServerTrust jvmDefault() {
        try {
            return new ServerTrust(SSLContext.getDefault());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JVM has no default TLS context: " + e.getMessage(), e);
        }
    }

    /**
     * Trusts exactly the certificates in a PEM file, and no others.
     *
     * @throws IOException          if the file cannot be read
     * @throws CertificateException if it holds no certificate or an unreadable one
     */
    public static ServerTrust fromPemFile(Path file) throws IOException, CertificateException {
        Collection<? extends Certificate> certificates;
        try (InputStream in = Files.newInputStream(file)) {
            certificates = CertificateFactory.getInstance("X.509").generateCertificates(in);
        }
        if (certificates.isEmpty()) {
            throw new CertificateException("it holds no PEM certificate");
        }
        return anchoredAt(certificates);
    }

    /**
     * Trusts only this one certificate, the server's own, pinned at registration. Connections
     * still check that it is valid now and issued for the host name they use.
     */
    public static ServerTrust pinned(X509Certificate serverCertificate) {
        return anchoredAt(List.of(serverCertificate));
    }

    /**
     * Trusts only the certificate with this SHA-256 (of its DER encoding), valid now: a scale-out process server's own,
     * self-signed, which the configuration pulled from the pinned configuration server names. Any other certificate is
     * refused, saying which one was presented; nothing falls back to another trust.
     *
     * @param sha256 64 lowercase hex digits
     */
    public static ServerTrust fingerprint(String sha256) {
        return decidedBy(new FingerprintTrust(sha256));
    }

    /** Takes a trust manager's word; for capturing a certificate before deciding to trust it. */
    static ServerTrust decidedBy(X509ExtendedTrustManager trustManager) {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {trustManager}, null);
            return new ServerTrust(context);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JVM cannot build a TLS context: " + e.getMessage(), e);
        }
    }

    private static ServerTrust anchoredAt(Collection<? extends Certificate> certificates) {
        try {
            KeyStore anchors = KeyStore.getInstance(KeyStore.getDefaultType());
            anchors.load(null, null);
            int index = 0;
            for (Certificate certificate : certificates) {
                anchors.setCertificateEntry("trusted-" + index++, certificate);
            }
            TrustManagerFactory trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trustManagers.init(anchors);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trustManagers.getTrustManagers(), null);
            return new ServerTrust(context);
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("the JVM cannot build a TLS context: " + e.getMessage(), e);
        }
    }

    /** For HTTPS clients (registration, configuration pull) that pin the same server. */
    public SSLContext sslContext() {
        return context;
    }

    SSLSocketFactory socketFactory() {
        return context.getSocketFactory();
    }
}
