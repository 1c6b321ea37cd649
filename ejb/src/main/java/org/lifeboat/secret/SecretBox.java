package org.lifeboat.secret;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals small secrets (a vCenter's password ...) for the database with AES-256-GCM. The key is
 * derived from a master key for one purpose (HMAC-SHA256 over the purpose's name), so the vault key
 * that encrypts log segments never encrypts anything else directly; the associated data binds each
 * sealed value to the row it belongs to, so it cannot be moved to another row.
 * The sealed form is base64 of {@code version(1) | iv(12) | ciphertext+tag}.
 */
public final class SecretBox {

    private static final byte VERSION = 1;
    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SecretKey key;

    private SecretBox(SecretKey key) {
        this.key = key;
    }

    /** A box for one purpose, its key derived from the master key. */
    public static SecretBox forPurpose(SecretKey master, String purpose) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(master.getEncoded(), "HmacSHA256"));
            byte[] derived = mac.doFinal(("lifeboat secret box\n" + purpose).getBytes(StandardCharsets.UTF_8));
            return new SecretBox(new SecretKeySpec(derived, "AES"));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available", e);
        }
    }

    public String seal(String secret, String boundTo) {
        byte[] iv = new byte[IV_BYTES];
        RANDOM.nextBytes(iv);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, iv));
            cipher.updateAAD(boundTo.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(secret.getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(ByteBuffer.allocate(1 + IV_BYTES + sealed.length)
                    .put(VERSION).put(iv).put(sealed).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        }
    }

    /** The secret; fails when the value was altered, sealed with another key, or for another row. */
    public String open(String sealed, String boundTo) {
        byte[] bytes = Base64.getDecoder().decode(sealed);
        if (bytes.length < 1 + IV_BYTES + TAG_BITS / 8 || bytes[0] != VERSION) {
            throw new IllegalArgumentException("not a sealed secret");
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, bytes, 1, IV_BYTES));
            cipher.updateAAD(boundTo.getBytes(StandardCharsets.UTF_8));
            return new String(cipher.doFinal(bytes, 1 + IV_BYTES, bytes.length - 1 - IV_BYTES), StandardCharsets.UTF_8);
        } catch (javax.crypto.AEADBadTagException e) {
            throw new IllegalArgumentException("the sealed secret does not open with this key for this row", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        }
    }
}
