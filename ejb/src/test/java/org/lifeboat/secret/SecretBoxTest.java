package org.lifeboat.secret;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Base64;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class SecretBoxTest {

    private static final SecretKeySpec MASTER = new SecretKeySpec(new byte[32], "AES");

    @Test
    void opensWhatItSealedForTheSameRow() {
        SecretBox box = SecretBox.forPurpose(MASTER, "vcenter-password");
        String sealed = box.seal("p@ss wörd", "vc-1");

        assertEquals("p@ss wörd", box.open(sealed, "vc-1"));
        assertFalse(new String(Base64.getDecoder().decode(sealed), java.nio.charset.StandardCharsets.ISO_8859_1)
                .contains("p@ss"));
        assertNotEquals(sealed, box.seal("p@ss wörd", "vc-1"), "a fresh IV each time");
    }

    @Test
    void refusesAnotherRowAnotherPurposeAndTampering() {
        SecretBox box = SecretBox.forPurpose(MASTER, "vcenter-password");
        String sealed = box.seal("secret", "vc-1");

        assertThrows(IllegalArgumentException.class, () -> box.open(sealed, "vc-2"));
        assertThrows(IllegalArgumentException.class,
                () -> SecretBox.forPurpose(MASTER, "other").open(sealed, "vc-1"));
        byte[] bytes = Base64.getDecoder().decode(sealed);
        bytes[bytes.length - 1] ^= 1;
        assertThrows(IllegalArgumentException.class,
                () -> box.open(Base64.getEncoder().encodeToString(bytes), "vc-1"));
    }
}
