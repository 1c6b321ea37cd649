package org.lifeboat.scaleout;

import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.util.List;
import org.lifeboat.discovery.CertificateTrust;
import org.lifeboat.shared.InvalidRequestException;

/**
 * The certificate a scale-out process server's replication port presents, as it sent it with its registration: its
 * own key pair's, made at its first start. Agents of its items pin its SHA-256.
 *
 * @param pem    the certificate as PEM, exactly one
 * @param sha256 lowercase hex SHA-256 of its DER encoding
 */
public record ProcessServerCertificate(String pem, String sha256) {

    /** Longer than any certificate of an EC P-256 or RSA 3072 key with a few names. */
    static final int MAX_PEM_CHARS = 8192;

    /**
     * Reads a registration's {@code certificate}: one X.509 certificate in PEM, valid now.
     *
     * @throws InvalidRequestException naming {@code certificate} when it is none of that
     */
    public static ProcessServerCertificate parse(String pem) {
        if (pem == null || pem.isBlank()) {
            throw new InvalidRequestException("certificate", "certificate is required: the PEM certificate the process "
                    + "server's replication port presents");
        }
        if (pem.length() > MAX_PEM_CHARS) {
            throw new InvalidRequestException("certificate", "certificate is longer than " + MAX_PEM_CHARS
                    + " characters");
        }
        List<X509Certificate> certificates = CertificateTrust.parsePem(pem);
        if (certificates.size() != 1) {
            throw new InvalidRequestException("certificate", "certificate must hold exactly one certificate, not "
                    + certificates.size());
        }
        X509Certificate certificate = certificates.get(0);
        try {
            certificate.checkValidity();
        } catch (CertificateExpiredException e) {
            throw new InvalidRequestException("certificate", "certificate has expired (" + certificate.getNotAfter().toInstant() + ")");
        } catch (CertificateNotYetValidException e) {
            throw new InvalidRequestException("certificate", "certificate is not valid yet (from "
                    + certificate.getNotBefore().toInstant() + ")");
        }
        return new ProcessServerCertificate(pem.strip() + "\n", CertificateTrust.fingerprint(certificate));
    }
}
