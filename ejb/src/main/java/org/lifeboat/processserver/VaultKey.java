package org.lifeboat.processserver;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.lifeboat.files.SecureFiles;
import org.lifeboat.home.LifeboatHome;

/**
 * The AES-256 key that log segments are encrypted with before they leave for Azure. It is made once,
 * kept in {@code secrets/vault-key} (0600, fsynced with its directory) and never logged: without it the cache is unreadable, so it
 * belongs in the same backup as the database.
 */
@ApplicationScoped
public class VaultKey {

    static final String FILE = "vault-key";

    @Inject
    private LifeboatHome home;

    private SecretKey key;

    @PostConstruct
    void load() {
        Path file = home.secret(FILE);
        try {
            if (!Files.exists(file)) {
                byte[] fresh = new byte[32];
                new SecureRandom().nextBytes(fresh);
                // fsynced with its directory: a crash right after must not leave an empty key behind
                // while segments encrypted under it are already on their way to Azure
                SecureFiles.writeAtomically(file, Base64.getEncoder().encodeToString(fresh)
                        .getBytes(StandardCharsets.US_ASCII));
            }
            byte[] bytes = Base64.getDecoder().decode(Files.readString(file).strip());
            if (bytes.length != 32) {
                throw new IllegalStateException(file + " does not hold a 256-bit key");
            }
            key = new SecretKeySpec(bytes, "AES");
        } catch (IOException e) {
            throw new UncheckedIOException("the vault key cannot be read or created at " + file, e);
        }
    }

    /**
     * Made at the application's start, not at the first upload: the key belongs in the backup of the home
     * from the first start on, and a home whose secrets cannot be written fails at once, not mid-stream.
     */
    void atStart(@Observes @Initialized(ApplicationScoped.class) Object started) {
        key();
    }

    public SecretKey key() {
        return key;
    }
}
