package org.lifeboat.agent.replication;

import java.util.Optional;

import org.lifeboat.agent.connection.ServerAddress;
import org.lifeboat.agent.connection.ServerTrust;

/**
 * Where the agent replicates and which certificate it accepts there: the SHA-256 the configuration names for that
 * process server, or (with none) the certificate pinned at registration.
 */
record Destination(ServerAddress address, Optional<String> certificateSha256, ServerTrust trust) {

    static Destination of(ServerAddress address, Optional<String> certificateSha256, ServerTrust registrationPin) {
        return new Destination(address, certificateSha256,
                certificateSha256.map(ServerTrust::fingerprint).orElse(registrationPin));
    }

    /** The same process server and the same pin (the trust is derived from them). */
    boolean samePin(Destination other) {
        return address.equals(other.address) && certificateSha256.equals(other.certificateSha256);
    }

    /** Why its certificate was refused, for the status and the log. */
    String refusal(String reason) {
        return certificateSha256.isPresent()
                ? "refusing the process server " + address + ": " + reason
                : "the certificate of " + address + " is not the one pinned at registration (" + reason + ")";
    }
}
