package org.lifeboat.seeddisk;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Random;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import com.azure.storage.blob.models.BlobStorageException;
import com.azure.storage.blob.models.BlobRange;
import com.azure.storage.blob.specialized.PageBlobClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;

/** Against a real Azurite: what is written, cleared and snapshotted reads back byte for byte. */
class SeedDiskBlobTest {

    private static final int KIB = 1024;
    private static final int MIB = 1024 * KIB;
    private static final long DISK_SIZE = 64L * MIB;

    @TempDir
    static Path azuriteDirectory;

    private static AzuriteBlob azurite;
    private static BlobContainerClient seeds;

    private final Random random = new Random(5);
    private final byte[] expected = new byte[(int) DISK_SIZE];
    private PageBlobClient blob;
    private SeedDiskBlob disk;
    private VhdFooter createdFooter;

    @BeforeAll
    static void startAzurite() throws Exception {
        azurite = AzuriteBlob.start(azuriteDirectory);
        seeds = new BlobServiceClientBuilder().connectionString(azurite.connectionString()).buildClient()
                .createBlobContainer("seeds");
    }

    @AfterAll
    static void stopAzurite() throws InterruptedException {
        if (azurite != null) {
            azurite.close();
        }
    }

    @BeforeEach
    void createSeedDisk(TestInfo test) {
        blob = seeds.getBlobClient(test.getTestMethod().orElseThrow().getName() + ".vhd").getPageBlobClient();
        disk = new SeedDiskBlob(blob, new SeedDiskLayout(DISK_SIZE));
        createdFooter = disk.create();
    }

    @Test
    void writesReadBackFromTheSnapshotAsTheSameImage() throws Exception {
        write(0, randomBytes(4 * MIB));
        write(10L * MIB + 512, randomBytes(MIB + 512));
        write(20L * MIB, mixedRun());
        write(40L * MIB, randomBytes(9 * MIB));                 // more than one Put Page
        write(MIB, new byte[MIB]);                               // zeros over data written before
        write(DISK_SIZE - 512, randomBytes(512));                // the last sector
        String snapshot = disk.snapshot();
        String imageAtSnapshot = sha256(expected);

        write(0, randomBytes(2 * MIB));                          // after the snapshot: the snapshot must not see it

        try (InputStream image = disk.openImage(snapshot, 0, DISK_SIZE)) {
            assertEquals(imageAtSnapshot, sha256(image));
        }
        try (InputStream image = disk.openImage(0, DISK_SIZE)) {
            assertEquals(sha256(expected), sha256(image));
        }
        try (InputStream cleared = disk.openImage(snapshot, MIB, MIB)) {
            assertArrayEquals(new byte[MIB], cleared.readAllBytes());
        }
        assertEquals(createdFooter, disk.footer(snapshot));
        assertEquals(createdFooter, disk.footer());
        assertEquals(DISK_SIZE, createdFooter.virtualSize());
    }

    @Test
    void zerosAreClearedNotUploaded() {
        write(0, randomBytes(8 * MIB));
        write(MIB, new byte[2 * MIB]);
        write(6L * MIB, concat(randomBytes(4 * KIB), new byte[512 * KIB], randomBytes(4 * KIB)));

        assertFalse(holdsPages(MIB, 2 * MIB), "the cleared 2 MiB still hold pages");
        assertFalse(holdsPages(6L * MIB + 4 * KIB, 512 * KIB), "the zero stretch of the mixed run holds pages");
        assertTrue(holdsPages(0, MIB));
        assertTrue(holdsPages(DISK_SIZE, 512), "the footer's page");
    }

    @Test
    void aSeedDiskIsNeverCreatedOverAnExistingOne() {
        BlobStorageException e = assertThrows(BlobStorageException.class, disk::create);

        assertEquals(409, e.getStatusCode());
    }

    @Test
    void writesOutsideTheDiskOrOffTheSectorGridAreRefused() {
        assertRefused(DISK_SIZE, 512, "does not lie within the disk");            // the footer
        assertRefused(DISK_SIZE - 512, 1024, "does not lie within the disk");     // across the end
        assertRefused(-512, 512, "does not lie within the disk");
        assertRefused(100, 512, "not aligned");
        assertRefused(0, 700, "not aligned");
        assertThrows(IllegalArgumentException.class, () -> disk.openImage(DISK_SIZE - 512, 1024));
        assertEquals(createdFooter, disk.footer());
    }

    /**
     * The second fence: once a new owner took the lease (breaking the old one's), the old owner's Put Page and
     * Clear Page are refused with 412 and the blob is unchanged; snapshots, their deletion and reads need no lease,
     * and deleting the blob breaks it first.
     */
    @Test
    void anOldOwnersWritesAfterANewOwnerTookTheLeaseAreRefusedAndTheBlobIsUnchanged() throws Exception {
        SeedDiskBlob oldOwner = disk.withLease(disk.takeLease());
        byte[] first = randomBytes(MIB);
        oldOwner.write(0, first);
        SeedDiskBlob newOwner = disk.withLease(disk.takeLease()); // the old owner's lease is infinite: broken
        String etag = blob.getProperties().getETag();
        String image;
        try (InputStream in = disk.openImage(0, DISK_SIZE)) {
            image = sha256(in);
        }

        BlobStorageException put = assertThrows(BlobStorageException.class, () -> oldOwner.write(MIB, randomBytes(MIB)));
        assertEquals(412, put.getStatusCode());
        assertTrue(SeedDiskBlob.leaseLost(put), put.getErrorCode().toString());
        BlobStorageException clear = assertThrows(BlobStorageException.class, () -> oldOwner.write(0, new byte[MIB]));
        assertTrue(SeedDiskBlob.leaseLost(clear), clear.getErrorCode().toString());
        BlobStorageException none = assertThrows(BlobStorageException.class, () -> disk.write(0, randomBytes(512)));
        assertTrue(SeedDiskBlob.leaseLost(none), none.getErrorCode().toString());
        assertEquals(etag, blob.getProperties().getETag());
        try (InputStream in = disk.openImage(0, DISK_SIZE)) {
            assertEquals(image, sha256(in), "a refused write changed the blob");
        }

        byte[] second = randomBytes(MIB);
        newOwner.write(MIB, second);
        String snapshot = disk.snapshot();
        try (InputStream in = disk.openImage(snapshot, 0, 2L * MIB)) {
            assertArrayEquals(concat(first, second), in.readAllBytes());
        }
        seeds.getBlobClient(blob.getBlobName(), snapshot).delete();
        assertFalse(SeedDiskBlob.leaseLost(new IllegalStateException()));
    }

    @Test
    void aLeasedSeedIsTakenAgainByItsOwnerAfterARestartAndDeletedAfterABreak() {
        disk.withLease(disk.takeLease());
        SeedDiskBlob restarted = disk.withLease(disk.takeLease()); // its lease id was in memory only
        restarted.write(0, randomBytes(4 * KIB));
        disk.breakLease();
        disk.breakLease(); // none left: nothing to do
        blob.delete();
        assertFalse(blob.exists());
    }

    private void assertRefused(long offset, int length, String reason) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> disk.write(offset, new byte[length]));
        assertTrue(e.getMessage().contains(reason), e.getMessage());
    }

    private void write(long offset, byte[] data) {
        disk.write(offset, data);
        System.arraycopy(data, 0, expected, (int) offset, data.length);
    }

    /** Random data with zero stretches long and short, inside and at the edges, as one 4 MiB record. */
    private byte[] mixedRun() {
        return concat(new byte[8 * KIB], randomBytes(8 * KIB), new byte[4 * KIB], randomBytes(64 * KIB),
                new byte[512 * KIB], randomBytes(512), new byte[100 * KIB], randomBytes(MIB),
                new byte[4 * MIB - 8 * KIB - 8 * KIB - 4 * KIB - 64 * KIB - 512 * KIB - 512 - 100 * KIB - MIB]);
    }

    /** Whether any page in the range holds data: cleared pages are not listed. */
    private boolean holdsPages(long offset, long length) {
        return blob.listPageRanges(new BlobRange(offset, length)).stream()
                .anyMatch(range -> !range.isClear());
    }

    private byte[] randomBytes(int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }

    private static byte[] concat(byte[]... parts) {
        int length = 0;
        for (byte[] part : parts) {
            length += part.length;
        }
        byte[] all = new byte[length];
        int at = 0;
        for (byte[] part : parts) {
            System.arraycopy(part, 0, all, at, part.length);
            at += part.length;
        }
        return all;
    }

    private static String sha256(byte[] bytes) throws NoSuchAlgorithmException {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    private static String sha256(InputStream in) throws IOException, NoSuchAlgorithmException {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        byte[] buffer = new byte[MIB];
        for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
            digest.update(buffer, 0, read);
        }
        return HexFormat.of().formatHex(digest.digest());
    }
}
