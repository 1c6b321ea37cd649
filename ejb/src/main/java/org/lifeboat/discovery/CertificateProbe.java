package org.lifeboat.discovery;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.X509TrustManager;

/**
 * Fetches the certificate a vCenter presents, without trusting it and without logging in (the handshake
 * is abandoned once the certificate is seen), so that a refusal can name its fingerprint for the
 * operator to check and pin.
 */
final class CertificateProbe {

    private CertificateProbe() {
    }

    /** What the endpoint presented, or empty with the reason in {@code failure} (and {@code cause}, if any). */
    record Seen(Optional<X509Certificate> certificate, String failure, Exception cause) {
    }

    static Seen fetch(String host, int port) {
        Recorder recorder = new Recorder();
        try {
            SSLContext tls = SSLContext.getInstance("TLS");
            tls.init(null, new X509TrustManager[] {recorder}, null);
            try (SSLSocket socket = (SSLSocket) tls.getSocketFactory().createSocket()) {
                socket.connect(new InetSocketAddress(host, port), VcenterInventoryReader.CONNECT_TIMEOUT_MS);
                socket.setSoTimeout(VcenterInventoryReader.CONNECT_TIMEOUT_MS);
                socket.startHandshake();
            }
        } catch (IOException | GeneralSecurityException e) {
            if (recorder.seen == null) {
                return new Seen(Optional.empty(), e.getClass().getSimpleName() + ": " + e.getMessage(), e);
            }
        }
        return new Seen(Optional.ofNullable(recorder.seen), recorder.seen == null ? "no certificate presented" : null,
                null);
    }

    /** Records the server's certificate and refuses it, which ends the handshake there. */
    private static final class Recorder implements X509TrustManager {
        private volatile X509Certificate seen;

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            if (chain != null && chain.length > 0) {
                seen = chain[0];
            }
            throw new CertificateException("only looking");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw new CertificateException("not a server");
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
