package org.lifeboat.protecteditem;

import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import com.azure.core.util.polling.LongRunningOperationStatus;
import org.lifeboat.shared.InvalidRequestException;
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

    private static final Duration COPY_POLL = Duration.ofMillis(500);
    private static final Duration COPY_TIMEOUT = Duration.ofHours(6);

    @Inject
    private StorageAccount storage;

    /** Creates a disk's empty seed blob (all zeros, with its VHD footer) and returns its name. */
    public String create(String diskId, long sizeBytes) {
        String name = nameOf(diskId);
        blob(name, sizeBytes).create();
        return name;
    }

    /**
     * Creates a disk's seed blob as a server-side copy of a page blob of the account (no upload) and returns its
     * name; the source must be a seed-shaped fixed VHD of the disk's size.
     *
     * @throws IllegalStateException if the source has another size or the copy fails
     */
    public String copy(String diskId, long sizeBytes, String sourceUrl) {
        String name = nameOf(diskId);
        var target = container().getBlobClient(name);
        var done = target.beginCopy(sourceUrl, COPY_POLL).waitForCompletion(COPY_TIMEOUT);
        if (done.getStatus() != LongRunningOperationStatus.SUCCESSFULLY_COMPLETED) {
            throw new IllegalStateException("the copy of " + sourceUrl + " into seed " + name + " ended "
                    + done.getStatus());
        }
        long expected = blob(name, sizeBytes).layout().pageBlobSize();
        long size = target.getProperties().getBlobSize();
        if (size != expected) {
            delete(name);
            throw new InvalidRequestException("agentId", "the failover disk " + sourceUrl + " has " + size
                    + " bytes, a seed of the agent's disk of " + sizeBytes + " bytes " + expected
                    + ": is the agent the failed-over machine's?");
        }
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

    /** A range of the raw disk image at a snapshot, written to {@code out} with one storage request. */
    public void copyImage(String name, long sizeBytes, String snapshot, long offset, long length, OutputStream out) {
        blob(name, sizeBytes).copyImage(snapshot, offset, length, out);
    }

    /**
     * Removes a seed blob with all its snapshots (every recovery point of the disk). Its applier's lease is broken
     * first: a lease must never keep a disabled item's seed (nor a failed reverse copy) from going.
     */
    public void delete(String name) {
        var client = container().getBlobClient(name);
        if (Boolean.TRUE.equals(client.exists())) {
            SeedDiskBlob.breakLease(client);
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
