package org.lifeboat.agent.registration;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Vectors computed independently: printf 'lifeboat-register\n%s\n%s' ... | openssl dgst -sha256 -hmac ... -binary | base64 */
class RegistrationProofTest {

    private static final RegistrationProof PROOF = new RegistrationProof(Passphrase.of("correct horse battery staple"));
    /** SHA-256 of "certificate". */
    private static final String CERTIFICATE = "03d66dd08835c1ca3f128cceacd1f31ac94163096b20f445ae84285bc0832d72";
    /** Base64 of the bytes 0 to 15. */
    private static final String NONCE = "AAECAwQFBgcICQoLDA0ODw==";

    @Test
    void provesTheAgentKnowsThePassphrase() {
        assertEquals("PvSUmJC1KqAcLsBULZSmbFzrhgnzoIv4+Na8mpw1aM0=", PROOF.agentProof(CERTIFICATE, NONCE));
    }

    @Test
    void checksTheServersProof() {
        assertTrue(PROOF.isServerProof("w0H13cLpJJ3j6zqcDQCmcWzXBtgnIXT+tO/Mh5awLSc=", CERTIFICATE, NONCE, "agent-42"));
    }

    @Test
    void refusesAServerProofForAnotherAgentCertificateOrGarbage() {
        String proof = "w0H13cLpJJ3j6zqcDQCmcWzXBtgnIXT+tO/Mh5awLSc=";

        assertFalse(PROOF.isServerProof(proof, CERTIFICATE, NONCE, "agent-43"));
        assertFalse(PROOF.isServerProof(proof, CERTIFICATE.replace('0', '1'), NONCE, "agent-42"));
        assertFalse(PROOF.isServerProof("not base64!", CERTIFICATE, NONCE, "agent-42"));
    }

    @Test
    void keepsThePassphraseOutOfItsText() {
        assertEquals("Passphrase[hidden]", Passphrase.of("correct horse battery staple").toString());
    }
}
