package org.lifeboat.discovery;

/** How the operator told Lifeboat to trust a vCenter's certificate. */
public enum CertificateRule {
    /** Exactly the supplied certificate, or one it signed. */
    SUPPLIED,
    /** Exactly the certificate with the SHA-256 fingerprint the operator gave. */
    PINNED,
    /** The first certificate a discovery sees, pinned from then on: only when the operator asked for it. */
    ON_FIRST_USE
}
