package org.lifeboat.agent.registration;

import java.security.cert.X509Certificate;

import org.lifeboat.agent.state.Credential;

/**
 * A scale-out process server's completed registration, from a configuration server that proved it knows the
 * passphrase.
 *
 * @param serverCertificate the configuration server's certificate, to pin for the heartbeats
 */
public record ProcessServerRegistration(String processServerId, Credential credential,
                                        X509Certificate serverCertificate) {
}
