package org.lifeboat.discovery;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import javax.net.ssl.SSLException;
import jakarta.ejb.Stateless;
import org.lifeboat.shared.InvalidRequestException;

/**
 * Fetches the certificate a vCenter presents, before anything trusts it: a TLS handshake to host:port that records
 * the server's certificate and abandons (no login, nothing stored), within the discovery's connect timeout. What the
 * operator confirms is then pinned with {@code certificateFingerprint}, the one rule of {@code PUT .../vcenters/{v}}.
 */
@Stateless
public class VcenterCertificates {

    /**
     * @throws InvalidRequestException naming {@code host} or {@code port} for a bad value, a host that does not
     *         resolve or answer, a refused connection, or an endpoint that does not speak TLS
     */
    public PresentedCertificate presented(String host, Integer port) {
        VcenterSpec spec = new VcenterSpec(host, port, "-", null, null, null, false);
        spec.validate(); // the PUT's rules for host and port
        int to = spec.portOrDefault();
        CertificateProbe.Seen seen = CertificateProbe.fetch(host, to);
        if (seen.certificate().isPresent()) {
            return PresentedCertificate.of(host, to, seen.certificate().get());
        }
        throw refusal(host, to, seen);
    }

    static InvalidRequestException refusal(String host, int port, CertificateProbe.Seen seen) {
        Exception cause = seen.cause();
        String where = host + ":" + port;
        if (cause instanceof UnknownHostException) {
            return new InvalidRequestException("host", "the host name " + host + " does not resolve");
        }
        if (cause instanceof ConnectException) {
            return new InvalidRequestException("port", "nothing listens on " + where + ": the connection was refused");
        }
        if (cause instanceof SocketTimeoutException || cause instanceof NoRouteToHostException) {
            return new InvalidRequestException("host", where + " did not answer within "
                    + VcenterInventoryReader.CONNECT_TIMEOUT_MS / 1000 + " s");
        }
        if (cause instanceof SSLException || cause == null) {
            return new InvalidRequestException("port", where + " does not speak TLS: no certificate was presented ("
                    + seen.failure() + ")");
        }
        return new InvalidRequestException("host", "cannot fetch the certificate of " + where + ": " + seen.failure());
    }
}
