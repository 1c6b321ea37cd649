package org.lifeboat.discovery;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import javax.net.ssl.X509TrustManager;
import org.lifeboat.shared.InvalidRequestException;

/**
 * Decides whether to trust the certificate a vCenter presents: the operator's supplied certificate
 * (the server's own, or a CA that signed it) when there is one; otherwise the fingerprint pinned at
 * the first discovery; with neither, the first certificate seen is accepted and pinned afterwards.
 * A certificate that matches none of these is refused, with the reason kept for the job.
 */
public final class CertificateTrust implements X509TrustManager {

    private final String pinnedFingerprint;
    private final List<X509Certificate> supplied;
    private volatile String seenFingerprint;
    private volatile String refusal;

    CertificateTrust(String pinnedFingerprint, String suppliedPem) {
        this.pinnedFingerprint = pinnedFingerprint;
        this.supplied = suppliedPem == null ? List.of() : parsePem(suppliedPem);
    }

    /** The certificates in a PEM text; refuses text that holds none or anything else (400 naming {@code certificate}). */
    public static List<X509Certificate> parsePem(String pem) {
        if (pem == null || !pem.contains("-----BEGIN CERTIFICATE-----")) {
            throw new InvalidRequestException("certificate", "certificate must be PEM (-----BEGIN CERTIFICATE-----)");
        }
        try {
            List<X509Certificate> certificates = CertificateFactory.getInstance("X.509")
                    .generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII))).stream()
                    .map(X509Certificate.class::cast).toList();
            if (certificates.isEmpty()) {
                throw new InvalidRequestException("certificate", "certificate holds no X.509 certificate");
            }
            return certificates;
        } catch (CertificateException e) {
            throw new InvalidRequestException("certificate", "certificate is not a readable X.509 PEM: "
                    + e.getMessage());
        }
    }

    public static String fingerprint(X509Certificate certificate) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        if (chain == null || chain.length == 0) {
            throw refuse("the vCenter presented no certificate");
        }
        String fingerprint = fingerprint(chain[0]);
        seenFingerprint = fingerprint;
        if (!supplied.isEmpty()) {
            if (supplied.contains(chain[0]) || signedBySupplied(chain)) {
                return;
            }
            throw refuse("the vCenter presented a certificate (SHA-256 " + fingerprint
                    + ") that is neither the supplied certificate nor signed by it");
        }
        if (pinnedFingerprint != null && !pinnedFingerprint.equals(fingerprint)) {
            throw refuse("the vCenter's certificate changed: it presented SHA-256 " + fingerprint + ", but "
                    + pinnedFingerprint + " was pinned at the first discovery; if the change is expected, supply "
                    + "the new certificate with the vCenter");
        }
    }

    private boolean signedBySupplied(X509Certificate[] chain) {
        try {
            Set<TrustAnchor> anchors = supplied.stream().map(c -> new TrustAnchor(c, null)).collect(Collectors.toSet());
            PKIXParameters parameters = new PKIXParameters(anchors);
            parameters.setRevocationEnabled(false);
            CertPathValidator.getInstance("PKIX").validate(CertificateFactory.getInstance("X.509")
                    .generateCertPath(Arrays.asList(chain)), parameters);
            return true;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private CertificateException refuse(String reason) {
        refusal = reason;
        return new CertificateException(reason);
    }

    /** The fingerprint of the certificate the last connection saw, to pin. */
    String seenFingerprint() {
        return seenFingerprint;
    }

    /** Why the certificate was refused, if it was. */
    String refusal() {
        return refusal;
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw new CertificateException("not a server");
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return supplied.toArray(X509Certificate[]::new);
    }
}
