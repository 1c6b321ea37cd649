package org.lifeboat.fabric;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The registration handshake's proofs. The agent proves it knows the passphrase without sending it,
 * bound to the certificate it saw; the server answers with its own proof, bound to the same
 * certificate and the new agent id (or a scale-out process server's id: the same handshake). A man in the middle presents another certificate and so can
 * produce neither; the agent pins the certificate only after checking the server's proof.
 */
public final class RegistrationProof {

    private RegistrationProof() {
    }

    public static String agentProof(byte[] passphrase, String certificateFingerprint, String nonce) {
        return hmac(passphrase, "lifeboat-register\n" + certificateFingerprint + "\n" + nonce);
    }

    public static String serverProof(byte[] passphrase, String certificateFingerprint, String nonce, String agentId) {
        return hmac(passphrase, "lifeboat-server\n" + certificateFingerprint + "\n" + nonce + "\n" + agentId);
    }

    public static boolean matches(String expected, String presented) {
        return presented != null && MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                presented.getBytes(StandardCharsets.US_ASCII));
    }

    private static String hmac(byte[] key, String message) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return Base64.getEncoder().encodeToString(mac.doFinal(message.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available: " + e.getMessage(), e);
        }
    }
}
