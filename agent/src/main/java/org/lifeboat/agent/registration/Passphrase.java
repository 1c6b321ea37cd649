package org.lifeboat.agent.registration;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The registration passphrase the operator got from the server. It never leaves the machine:
 * it only keys the HMACs of {@link RegistrationProof}.
 */
public final class Passphrase {

    private final byte[] utf8;

    private Passphrase(byte[] utf8) {
        this.utf8 = utf8;
    }

    public static Passphrase of(String text) {
        if (text.isEmpty()) {
            throw new IllegalArgumentException("the passphrase is empty");
        }
        return new Passphrase(text.getBytes(StandardCharsets.UTF_8));
    }

    /** Reads a passphrase file; the line break an editor or {@code echo} leaves at the end is not part of it. */
    public static Passphrase fromFile(Path file) throws IOException {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        return of(text.replaceFirst("\\r?\\n\\z", ""));
    }

    byte[] utf8() {
        return utf8.clone();
    }

    @Override
    public String toString() {
        return "Passphrase[hidden]";
    }
}
