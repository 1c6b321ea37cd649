package org.lifeboat.vault;

import java.util.List;
import java.util.Optional;
import javax.crypto.SecretKey;
import com.azure.core.util.BinaryData;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.models.BlobErrorCode;
import com.azure.storage.blob.models.BlobStorageException;
import com.azure.storage.blob.models.ListBlobsOptions;
import org.lifeboat.secret.SecretBox;

/**
 * The vault catalog as it lies in Azure Storage, in the {@code vault} container beside the data: one
 * sealed manifest blob per protected item ({@code items/<name>}), rewritten whole whenever the item
 * changes, and a {@code key-check} blob that proves a recovery key is the right one before anything is
 * written. Why a blob per item rather than an append log: an item's manifest is small (35 KB of JSON, 47 KB
 * sealed, for two disks and 100 points) and changes at most once per recovery point, so rewriting it costs one Put Blob;
 * recovery reads each item's current state in one Get, with no log to replay or compact, and a
 * half-written change never exists (a Put Blob replaces the blob atomically). See docs/site-loss.md
 * and docs/BENCHMARKS.md ("Vault recovery") for the measured cost.
 * Each blob is sealed with AES-256-GCM under a key derived from the recovery key for this purpose
 * ({@link SecretBox}), bound to its blob name, so a manifest cannot pass for another item's.
 */
public final class VaultCatalogStore {

    public static final String CONTAINER = "vault";
    static final String KEY_CHECK = "key-check";
    static final String ITEMS = "items/";
    private static final String KEY_CHECK_TEXT = "lifeboat vault catalog v" + ItemManifest.VERSION;

    private final BlobContainerClient container;
    private final SecretBox box;

    public VaultCatalogStore(BlobContainerClient container, SecretKey recoveryKey) {
        this.container = container;
        this.box = SecretBox.forPurpose(recoveryKey, "vault catalog");
    }

    /** Empty when the account holds no vault catalog yet; else whether this key opens it. Writes nothing. */
    public Optional<Boolean> keyMatches() {
        if (!Boolean.TRUE.equals(container.exists())) {
            return Optional.empty();
        }
        String sealed;
        try {
            sealed = container.getBlobClient(KEY_CHECK).downloadContent().toString();
        } catch (BlobStorageException e) {
            if (e.getErrorCode() == BlobErrorCode.BLOB_NOT_FOUND) {
                return Optional.empty();
            }
            throw e;
        }
        try {
            return Optional.of(KEY_CHECK_TEXT.equals(box.open(sealed, KEY_CHECK)));
        } catch (IllegalArgumentException wrongKey) {
            return Optional.of(false);
        }
    }

    /** Starts a catalog under this key; never replaces another's key check. */
    public void create() {
        container.createIfNotExists();
        try {
            container.getBlobClient(KEY_CHECK).upload(BinaryData.fromString(box.seal(KEY_CHECK_TEXT, KEY_CHECK)), false);
        } catch (BlobStorageException e) {
            if (e.getErrorCode() != BlobErrorCode.BLOB_ALREADY_EXISTS) {
                throw e;
            }
        }
    }

    public void write(ItemManifest manifest) {
        String blob = ITEMS + manifest.name();
        container.getBlobClient(blob).upload(BinaryData.fromString(box.seal(manifest.toJson(), blob)), true);
    }

    public void delete(String itemName) {
        container.getBlobClient(ITEMS + itemName).deleteIfExists();
    }

    /** The names of the items the catalog holds. */
    public List<String> itemNames() {
        return container.listBlobs(new ListBlobsOptions().setPrefix(ITEMS), null).stream()
                .map(blob -> blob.getName().substring(ITEMS.length())).toList();
    }

    /**
     * @throws IllegalArgumentException when the manifest does not open with this key or is not readable
     */
    public ItemManifest read(String itemName) {
        String blob = ITEMS + itemName;
        return ItemManifest.parse(box.open(container.getBlobClient(blob).downloadContent().toString(), blob));
    }
}
