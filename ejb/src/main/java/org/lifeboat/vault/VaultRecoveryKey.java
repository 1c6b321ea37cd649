package org.lifeboat.vault;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.lifeboat.files.SecureFiles;
import org.lifeboat.home.LifeboatHome;
import org.lifeboat.shared.InvalidRequestException;

/**
 * The vault recovery key: the AES-256 key the vault catalog in Azure Storage is sealed with. The launcher
 * makes it at the first start and tells the operator, in {@code secrets/vault-recovery-key} (base64,
 * 0600, fsynced with its directory); it is never logged. It is the one secret the operator keeps off-site: with it and the
 * storage connection string a new Lifeboat rebuilds the catalog after the site is lost.
 */
@ApplicationScoped
public class VaultRecoveryKey {

    static final String FILE = "vault-recovery-key";
    private static final int BYTES = 32;

    @Inject
    private LifeboatHome home;

    private volatile SecretKey key;

    @PostConstruct
    void load() {
        Path file = home.secret(FILE);
        try {
            key = parse(Files.readString(file, StandardCharsets.US_ASCII));
        } catch (IOException e) {
            // the vault catalog is not written (and deletions wait) until the launcher's next start makes it
            throw new UncheckedIOException("the vault recovery key cannot be read at " + file, e);
        }
    }

    public SecretKey key() {
        return key;
    }

    /** Takes the recovered vault's key as this home's own, in its file first: the catalog is sealed with it from now on. */
    void replace(SecretKey recovered) {
        try {
            SecureFiles.writeAtomically(home.secret(FILE), (Base64.getEncoder().encodeToString(recovered.getEncoded())
                    + "\n").getBytes(StandardCharsets.US_ASCII));
        } catch (IOException e) {
            throw new UncheckedIOException("the recovered vault key cannot be saved in " + home.secret(FILE), e);
        }
        key = recovered;
    }

    /**
     * A key as {@code vault export-key} prints it: base64 of 32 bytes, surrounding white space ignored.
     *
     * @throws InvalidRequestException when the text is not such a key (the text itself is never echoed)
     */
    public static SecretKey parse(String text) {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(text == null ? "" : text.strip());
        } catch (IllegalArgumentException e) {
            bytes = new byte[0];
        }
        if (bytes.length != BYTES) {
            throw new InvalidRequestException("recoveryKey", "a vault recovery key is the base64 of 32 bytes, "
                    + "as './lifeboat vault export-key' prints it");
        }
        return new SecretKeySpec(bytes, "AES");
    }
}
