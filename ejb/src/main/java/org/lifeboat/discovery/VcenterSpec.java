package org.lifeboat.discovery;

import java.util.Locale;
import java.util.regex.Pattern;
import org.lifeboat.shared.InvalidRequestException;

/**
 * What an operator says about a vCenter: where it is, who logs in, and optionally the certificate to
 * trust. The password may be left out when updating (the stored one is kept); never in toString.
 */
public record VcenterSpec(String host, Integer port, String user, String password, String certificate,
                          String certificateFingerprint, boolean trustOnFirstUse) {

    public static final int DEFAULT_PORT = 443;
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9.\\-:]*[A-Za-z0-9])?");
    private static final Pattern FINGERPRINT = Pattern.compile("[0-9A-Fa-f]{64}");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    int portOrDefault() {
        return port == null ? DEFAULT_PORT : port;
    }

    /** Checks everything but whether a password is needed (it is when the vCenter is new). */
    void validate() {
        require("host", host != null && host.length() <= 253 && HOST.matcher(host).matches(),
                "host is a DNS name or an IP address");
        require("port", port == null || (port >= 1 && port <= 65535), "port is between 1 and 65535");
        require("user", user != null && !user.isBlank() && user.length() <= 256,
                "user is required, at most 256 characters");
        require("password", password == null || (!password.isEmpty() && password.length() <= 256),
                "password is at most 256 characters and not empty");
        require("certificate", certificate == null || certificate.length() <= 65536,
                "certificate is a PEM of at most 64 KiB");
        if (certificate != null) {
            CertificateTrust.parsePem(certificate);
        }
        require("certificateFingerprint", certificateFingerprint == null
                || FINGERPRINT.matcher(certificateFingerprint.replace(":", "")).matches(),
                "certificateFingerprint is the certificate's SHA-256: 64 hex digits, ':' between bytes allowed");
        require("certificateFingerprint", certificateFingerprint == null || certificate == null,
                "give either certificate or certificateFingerprint, not both");
    }

    /** The fingerprint as Lifeboat compares it: lower-case hex without separators; null when none given. */
    String normalizedFingerprint() {
        return certificateFingerprint == null ? null : certificateFingerprint.replace(":", "").toLowerCase(Locale.ROOT);
    }

    /** A fabric's or vCenter's name: letters, digits, '.', '_' and '-', at most 64. */
    static void requireName(String field, String name) {
        require(field, name != null && NAME.matcher(name).matches(),
                field + " is 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit");
    }

    static void require(String field, boolean condition, String message) {
        if (!condition) {
            throw new InvalidRequestException(field, message);
        }
    }

    @Override
    public String toString() {
        return "VcenterSpec[" + user + "@" + host + ":" + portOrDefault() + "]";
    }
}
