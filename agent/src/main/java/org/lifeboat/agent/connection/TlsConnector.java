package org.lifeboat.agent.connection;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.Optional;

import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * Opens verified TLS connections to a Lifeboat server.
 */
final class TlsConnector {

    private static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};

    private final ServerTrust trust;

    TlsConnector(ServerTrust trust) {
        this.trust = trust;
    }

    /**
     * Connects and completes the TLS handshake, checking that the certificate is
     * trusted and issued for the host as the operator wrote it.
     */
    SSLSocket connect(ServerAddress server, Deadline deadline)
            throws ServerUnreachableException, UntrustedServerException, HandshakeRejectedException {
        Socket tcp = new Socket();
        try {
            tcp.connect(new InetSocketAddress(server.host(), server.port()), deadline.remainingMillis());
        } catch (IOException e) {
            closeAfterFailure(tcp, e);
            throw new ServerUnreachableException(unreachableReason(e, deadline), e);
        }

        SSLSocket tls = null;
        try {
            tls = (SSLSocket) trust.socketFactory().createSocket(tcp, server.host(), server.port(), true);
            SSLParameters parameters = tls.getSSLParameters();
            parameters.setProtocols(PROTOCOLS);
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
            tls.setSSLParameters(parameters);
            tls.setSoTimeout(deadline.remainingMillis());
            tls.startHandshake();
            return tls;
        } catch (SocketTimeoutException e) {
            closeAfterFailure(tls != null ? tls : tcp, e);
            throw new ServerUnreachableException(deadline.expired(), e);
        } catch (IOException e) {
            closeAfterFailure(tls != null ? tls : tcp, e);
            Optional<String> certificateProblem = CertificateProblem.of(e, server.host());
            if (certificateProblem.isPresent()) {
                throw new UntrustedServerException(certificateProblem.get(), e);
            }
            throw new HandshakeRejectedException("TLS", String.valueOf(e.getMessage()));
        }
    }

    private static String unreachableReason(IOException failure, Deadline deadline) {
        if (failure instanceof UnknownHostException) {
            return "unknown host";
        }
        if (failure instanceof SocketTimeoutException) {
            return deadline.expired();
        }
        String message = failure.getMessage();
        if (message == null || message.isEmpty()) {
            return failure.getClass().getSimpleName();
        }
        // "Connection refused" reads better mid-sentence in lower case.
        return Character.toLowerCase(message.charAt(0)) + message.substring(1);
    }

    private static void closeAfterFailure(Socket socket, Exception failure) {
        try {
            socket.close();
        } catch (IOException closeFailure) {
            failure.addSuppressed(closeFailure);
        }
    }
}
