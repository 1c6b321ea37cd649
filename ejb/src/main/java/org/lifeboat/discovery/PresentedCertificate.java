package org.lifeboat.discovery;

import java.security.cert.X509Certificate;
import java.time.Instant;

/**
 * The certificate a vCenter presents, as an operator checks it before trusting it: its SHA-256 fingerprint (what
 * {@code certificateFingerprint} pins), subject, issuer and validity.
 */
public record PresentedCertificate(String host, int port, String sha256Fingerprint, String subject, String issuer,
                                   Instant notBefore, Instant notAfter, boolean selfSigned) {

    static PresentedCertificate of(String host, int port, X509Certificate certificate) {
        return new PresentedCertificate(host, port, CertificateTrust.fingerprint(certificate),
                certificate.getSubjectX500Principal().getName(), certificate.getIssuerX500Principal().getName(),
                certificate.getNotBefore().toInstant(), certificate.getNotAfter().toInstant(),
                certificate.getSubjectX500Principal().equals(certificate.getIssuerX500Principal()));
    }

}
