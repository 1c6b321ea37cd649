package org.lifeboat.failover;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import com.azure.core.util.BinaryData;
import com.azure.core.util.polling.LongRunningOperationStatus;
import com.azure.core.util.polling.SyncPoller;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.models.BlobCopyInfo;
import com.azure.storage.blob.models.BlobItem;
import com.azure.storage.blob.models.ListBlobsOptions;
import org.lifeboat.protecteditem.SeedBlobStore;
import org.lifeboat.storage.StorageAccount;

/**
 * The {@code failover} container: one folder per drill or failover of an item ({@code <item>/test-<job>/},
 * {@code <item>/failover-<job>/}) holding a copy of each disk's snapshot at the chosen point (a fixed
 * VHD page blob, as the seed is, footer included: Azure imports it as a managed disk as is) and the
 * ARM deployment. Copies are server-side, within the account ({@code beginCopy} of the snapshot's URL),
 * all disks at once.
 */
@ApplicationScoped
public class FailoverDisks {

    public static final String CONTAINER = "failover";
    static final String TEMPLATE = "azuredeploy.json";
    static final String PARAMETERS = "azuredeploy.parameters.json";
    /** A production failover's steps of the failback to come, its VM's deallocation first ({@link ArmDeployment}). */
    static final String FAILBACK_STEPS = "failback-steps.json";
    private static final Duration POLL = Duration.ofMillis(500);
    private static final Duration COPY_TIMEOUT = Duration.ofHours(6);

    @Inject
    private StorageAccount storage;

    private volatile boolean containerExists;

    /** A disk's blob in a folder: named after the disk, so the folder says which item and drill, the name which disk. */
    public static String diskBlob(String folder, String diskId) {
        return folder + diskId + ".vhd";
    }

    /**
     * Copies each disk's snapshot (seed blob name -> snapshot) into the folder, all at once, and waits
     * until every copy finished.
     *
     * @param snapshots disk id -> snapshot of its seed blob
     * @return disk id -> URL of its failover disk
     * @throws IllegalStateException naming the disk whose copy failed
     */
    public Map<String, String> copy(String folder, Map<String, String> snapshots) {
        BlobContainerClient seeds = storage.client().getBlobContainerClient(StorageAccount.SEED_CONTAINER);
        Map<String, SyncPoller<BlobCopyInfo, Void>> copies = new LinkedHashMap<>();
        Map<String, String> urls = new LinkedHashMap<>();
        for (Map.Entry<String, String> disk : snapshots.entrySet()) {
            String source = seeds.getBlobClient(SeedBlobStore.nameOf(disk.getKey()), disk.getValue()).getBlobUrl();
            var target = container().getBlobClient(diskBlob(folder, disk.getKey()));
            copies.put(disk.getKey(), target.beginCopy(source, POLL));
            urls.put(disk.getKey(), target.getBlobUrl());
        }
        for (Map.Entry<String, SyncPoller<BlobCopyInfo, Void>> copy : copies.entrySet()) {
            var done = copy.getValue().waitForCompletion(COPY_TIMEOUT);
            if (done.getStatus() != LongRunningOperationStatus.SUCCESSFULLY_COMPLETED) {
                throw new IllegalStateException("the copy of disk " + copy.getKey() + " ended " + done.getStatus()
                        + (done.getValue() == null ? "" : ": " + done.getValue().getCopyStatus()));
            }
        }
        return urls;
    }

    public void putText(String folder, String name, String text) {
        container().getBlobClient(folder + name).upload(BinaryData.fromString(text), true);
    }

    /** A text blob of a folder, or null when there is none. */
    public String text(String folder, String name) {
        var blob = container().getBlobClient(folder + name);
        return Boolean.TRUE.equals(blob.exists()) ? new String(blob.downloadContent().toBytes(), StandardCharsets.UTF_8)
                : null;
    }

    public List<String> list(String folder) {
        List<String> names = new ArrayList<>();
        for (BlobItem blob : container().listBlobs(new ListBlobsOptions().setPrefix(folder), null)) {
            names.add(blob.getName());
        }
        return names;
    }

    /**
     * Deletes everything in the folder; deleting what is gone already is no error.
     *
     * @return the blobs that could not be deleted (empty when the folder is gone)
     */
    public List<String> delete(String folder) {
        List<String> left = new ArrayList<>();
        List<String> names;
        try {
            names = list(folder);
        } catch (RuntimeException e) {
            return List.of(CONTAINER + "/" + folder + " (not listed: " + StorageAccount.kindOf(e) + ")");
        }
        for (String name : names) {
            try {
                container().getBlobClient(name).deleteIfExists();
            } catch (RuntimeException e) {
                left.add(CONTAINER + "/" + name);
            }
        }
        return left;
    }

    private BlobContainerClient container() {
        BlobContainerClient container = storage.client().getBlobContainerClient(CONTAINER);
        if (!containerExists) {
            container.createIfNotExists();
            containerExists = true;
        }
        return container;
    }
}
