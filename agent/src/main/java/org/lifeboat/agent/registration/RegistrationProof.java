package org.lifeboat.agent.registration;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The two proofs that let agent and server register each other without either sending the
 * passphrase and without the agent trusting the server's certificate up front. Each is a
 * base64 HMAC-SHA256 keyed with the passphrase over the certificate the agent saw on this
 * connection and a fresh nonce:
 * <pre>
 *   agent:  "lifeboat-register\n" + certSha256Hex + "\n" + nonce
 *   server: "lifeboat-server\n"   + certSha256Hex + "\n" + nonce + "\n" + agentId
 * </pre>
 * An interceptor presents its own certificate, so it can neither reuse the agent's proof with
 * the real server nor forge the server's proof without the passphrase.
 */
public final class RegistrationProof {

    private final Passphrase passphrase;

    public RegistrationProof(Passphrase passphrase) {
        this.passphrase = passphrase;
    }

    public String agentProof(String certificateSha256Hex, String nonce) {
        return hmac("lifeboat-register\n" + certificateSha256Hex + "\n" + nonce);
    }

    public String serverProof(String certificateSha256Hex, String nonce, String agentId) {
        return hmac("lifeboat-server\n" + certificateSha256Hex + "\n" + nonce + "\n" + agentId);
    }

    /** Compares in constant time, so the answer's timing tells nothing about the expected proof. */
    public boolean isServerProof(String claimed, String certificateSha256Hex, String nonce, String agentId) {
        byte[] expected = Base64.getDecoder().decode(serverProof(certificateSha256Hex, nonce, agentId));
        byte[] actual;
        try {
            actual = Base64.getDecoder().decode(claimed);
        } catch (IllegalArgumentException e) {
            return false;
        }
        return MessageDigest.isEqual(expected, actual);
    }

    private String hmac(String message) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(passphrase.utf8(), "HmacSHA256"));
            return Base64.getEncoder().encodeToString(mac.doFinal(message.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JVM has no HmacSHA256: " + e.getMessage(), e);
        }
    }
}
