package org.lifeboat.protecteditem;

import java.io.InputStream;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.models.DeleteSnapshotsOptionType;
import org.lifeboat.seeddisk.SeedDiskBlob;
import org.lifeboat.seeddisk.SeedDiskLayout;
import org.lifeboat.storage.StorageAccount;

/** The seed page blobs of protected disks, in the {@code seeds} container, one fixed VHD per disk. */
@ApplicationScoped
public class SeedBlobStore {

    @Inject
    private StorageAccount storage;

    /** Creates a disk's empty seed blob (all zeros, with its VHD footer) and returns its name. */
    public String create(String diskId, long sizeBytes) {
        String name = nameOf(diskId);
        blob(name, sizeBytes).create();
        return name;
    }

    /** The seed blob of a disk is named after it. */
    public static String nameOf(String diskId) {
        return diskId + ".vhd";
    }

    public SeedDiskBlob blob(String name, long sizeBytes) {
        return new SeedDiskBlob(container().getBlobClient(name).getPageBlobClient(), new SeedDiskLayout(sizeBytes));
    }

    /** A range of the raw disk image (no footer) as it was at a snapshot. */
    public InputStream openImage(String name, long sizeBytes, String snapshot, long offset, long length) {
        return blob(name, sizeBytes).openImage(snapshot, offset, length);
    }

    /** Removes a seed blob with all its snapshots (every recovery point of the disk). */
    public void delete(String name) {
        var client = container().getBlobClient(name);
        if (Boolean.TRUE.equals(client.exists())) {
            client.deleteWithResponse(DeleteSnapshotsOptionType.INCLUDE, null, null, null);
        }
    }

    public void deleteSnapshot(String name, String snapshot) {
        container().getBlobClient(name, snapshot).deleteIfExists();
    }

    private BlobContainerClient container() {
        return storage.client().getBlobContainerClient(StorageAccount.SEED_CONTAINER);
    }
}
