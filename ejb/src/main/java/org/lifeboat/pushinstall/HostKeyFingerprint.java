package org.lifeboat.pushinstall;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import org.lifeboat.shared.InvalidRequestException;

/** An SSH host key's fingerprint as OpenSSH prints it ({@code ssh-keygen -lf}): {@code SHA256:} and unpadded base64. */
public record HostKeyFingerprint(String value) {

    public HostKeyFingerprint {
        if (value == null || !value.matches("SHA256:[A-Za-z0-9+/]{43}")) {
            throw new InvalidRequestException("hostKeyFingerprint", "hostKeyFingerprint must be an SSH host key "
                    + "fingerprint as ssh-keygen -lf prints it: SHA256: and 43 base64 characters");
        }
    }

    static HostKeyFingerprint of(byte[] keyBlob) {
        try {
            return new HostKeyFingerprint("SHA256:" + Base64.getEncoder().withoutPadding()
                    .encodeToString(MessageDigest.getInstance("SHA-256").digest(keyBlob)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return value;
    }
}
