package org.lifeboat.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.net.URL;
import java.nio.file.Path;
import java.util.Random;
import com.azure.storage.blob.BlobServiceClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lifeboat.seeddisk.AzuriteBlob;
import org.lifeboat.seeddisk.SeedDiskBlob;
import org.lifeboat.seeddisk.SeedDiskLayout;

/** Against a real Azurite: the bytes counted per container are the bodies the SDK sent, zeros cleared not sent. */
class WanBytesTest {

    private static final int MIB = 1 << 20;

    @TempDir
    static Path azuriteDirectory;

    private static AzuriteBlob azurite;

    @BeforeAll
    static void startAzurite() throws Exception {
        azurite = AzuriteBlob.start(azuriteDirectory);
    }

    @AfterAll
    static void stopAzurite() throws InterruptedException {
        if (azurite != null) {
            azurite.close();
        }
    }

    @Test
    void countsSegmentsAndPutPagesByContainerAndNothingForClearedZeros() {
        WanBytes wan = new WanBytes();
        BlobServiceClient client = new BlobServiceClientBuilder().connectionString(azurite.connectionString())
                .addPolicy(wan).buildClient();
        client.createBlobContainerIfNotExists(StorageAccount.SEED_CONTAINER);
        client.createBlobContainerIfNotExists(StorageAccount.CACHE_CONTAINER);
        long before = wan.total();
        assertEquals(0, before, "creating containers sends no body");

        // the seed disk writer builds its page blob client from the service client's pipeline
        SeedDiskBlob seed = new SeedDiskBlob(client.getBlobContainerClient(StorageAccount.SEED_CONTAINER)
                .getBlobClient("wan.vhd").getPageBlobClient(), new SeedDiskLayout(16L * MIB));
        seed.create();
        long afterCreate = wan.sent(WanBytes.Purpose.SEEDS); // the VHD footer
        byte[] data = new byte[MIB];
        new Random(3).nextBytes(data);
        seed.write(0, data);
        seed.write(4L * MIB, new byte[2 * MIB]); // zeros: Clear Page, no body
        assertEquals(afterCreate + MIB, wan.sent(WanBytes.Purpose.SEEDS));

        byte[] segment = new byte[100_001];
        new Random(4).nextBytes(segment);
        client.getBlobContainerClient(StorageAccount.CACHE_CONTAINER).getBlobClient("disk/1-2.lbs").getBlockBlobClient()
                .upload(new ByteArrayInputStream(segment), segment.length);
        assertEquals(segment.length, wan.sent(WanBytes.Purpose.CACHE));
        assertEquals(0, wan.sent(WanBytes.Purpose.OTHER));
        assertEquals(afterCreate + MIB + segment.length, wan.total());
    }

    @Test
    void theContainerIsTheFirstPathSegmentOrTheSecondOnPathStyleEndpoints() throws Exception {
        assertEquals(WanBytes.Purpose.CACHE, WanBytes.purposeOf(new URL("https://a.blob.core.windows.net/cache/d/1-2.lbs")));
        assertEquals(WanBytes.Purpose.SEEDS, WanBytes.purposeOf(new URL("https://a.blob.core.windows.net/seeds/d.vhd?comp=page")));
        assertEquals(WanBytes.Purpose.CACHE, WanBytes.purposeOf(new URL("http://127.0.0.1:10000/devstoreaccount1/cache/d/1-2.lbs")));
        assertEquals(WanBytes.Purpose.OTHER, WanBytes.purposeOf(new URL("https://a.blob.core.windows.net/vault/catalog")));
        assertEquals(WanBytes.Purpose.OTHER, WanBytes.purposeOf(new URL("https://a.blob.core.windows.net/")));
    }
}
