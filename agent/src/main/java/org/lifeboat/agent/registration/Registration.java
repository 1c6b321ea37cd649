package org.lifeboat.agent.registration;

import java.security.cert.X509Certificate;
import java.util.List;

import org.lifeboat.agent.api.DiskConfiguration;
import org.lifeboat.agent.connection.ServerAddress;
import org.lifeboat.agent.state.Credential;

/**
 * A completed registration, from a server that proved it knows the passphrase.
 *
 * @param serverCertificate the certificate that server presented, to pin from now on
 */
public record Registration(String agentId, Credential credential, ServerAddress replicationAddress,
                           List<DiskConfiguration> disks, X509Certificate serverCertificate) {

    public Registration {
        disks = List.copyOf(disks);
    }
}
