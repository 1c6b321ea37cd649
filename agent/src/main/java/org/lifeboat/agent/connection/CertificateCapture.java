package org.lifeboat.agent.connection;

import java.io.IOException;
import java.net.Socket;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Optional;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Fetches the certificate a server presents, before the agent has any reason to trust it.
 * Registration then binds that certificate into the passphrase proof, so a server that is not
 * the one the operator set up cannot answer, and pins it once the server has proven itself.
 */
public final class CertificateCapture {

    private CertificateCapture() {
    }

    /**
     * The server's leaf certificate, checked to be valid now and issued for the host name in
     * {@code server}, so that a connection pinned to it will work.
     *
     * @param verifiedBy when present, the certificate must also pass this trust (e.g. {@code --ca-cert})
     */
    public static X509Certificate leafCertificate(ServerAddress server, Optional<ServerTrust> verifiedBy, Duration timeout)
            throws ServerUnreachableException, UntrustedServerException, HandshakeRejectedException {
        X509Certificate leaf = presentedCertificate(server, verifiedBy.orElse(ServerTrust.decidedBy(new AcceptAny())),
                timeout);
        // The same check every later connection makes against the pinned certificate.
        presentedCertificate(server, ServerTrust.pinned(leaf), timeout);
        return leaf;
    }

    private static X509Certificate presentedCertificate(ServerAddress server, ServerTrust trust, Duration timeout)
            throws ServerUnreachableException, UntrustedServerException, HandshakeRejectedException {
        try (SSLSocket socket = new TlsConnector(trust).connect(server, Deadline.after(timeout))) {
            Certificate[] chain = socket.getSession().getPeerCertificates();
            if (chain.length == 0 || !(chain[0] instanceof X509Certificate leaf)) {
                throw new HandshakeRejectedException("TLS", "the server presented no X.509 certificate");
            }
            return leaf;
        } catch (SSLPeerUnverifiedException e) {
            throw new HandshakeRejectedException("TLS", "the server presented no certificate");
        } catch (IOException e) {
            throw new HandshakeRejectedException("TLS", String.valueOf(e.getMessage()));
        }
    }

    /** Accepts any certificate: the passphrase proof, not the certificate, authenticates the server here. */
    private static final class AcceptAny extends X509ExtendedTrustManager {

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {
            throw new UnsupportedOperationException("the agent accepts no clients");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
            throw new UnsupportedOperationException("the agent accepts no clients");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
            throw new UnsupportedOperationException("the agent accepts no clients");
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
