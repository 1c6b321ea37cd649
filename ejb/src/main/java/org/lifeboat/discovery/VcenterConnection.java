package org.lifeboat.discovery;

/** How to reach and log in to a vCenter, with its password opened for this one discovery. */
public record VcenterConnection(String host, int port, String user, String password, String pinnedFingerprint,
                         String trustedCertificatePem) {

    String url() {
        String bracketed = host.contains(":") ? "[" + host + "]" : host; // IPv6 literal
        return "https://" + bracketed + ":" + port + "/sdk";
    }

    @Override
    public String toString() {
        return user + "@" + host + ":" + port; // never the password
    }
}
