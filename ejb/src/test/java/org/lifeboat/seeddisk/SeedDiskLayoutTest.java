package org.lifeboat.seeddisk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SeedDiskLayoutTest {

    private static final long MIB = 1024 * 1024;

    @Test
    void aWholeMebibyteDiskNeedsNoPadding() {
        SeedDiskLayout layout = new SeedDiskLayout(64 * MIB);

        assertEquals(64 * MIB, layout.virtualSize());
        assertEquals(64 * MIB + 512, layout.pageBlobSize());
        assertEquals(64 * MIB, layout.footerOffset());
    }

    @Test
    void anyOtherSizeIsPaddedUpToTheNextMebibyte() {
        SeedDiskLayout layout = new SeedDiskLayout(10 * MIB + 3 * 512);

        assertEquals(11 * MIB, layout.virtualSize());
        assertEquals(11 * MIB + 512, layout.pageBlobSize());
        assertEquals(layout.pageBlobSize() - 512, layout.footerOffset());
        assertEquals(MIB, new SeedDiskLayout(512).virtualSize());
    }

    @Test
    void theLargestDiskFillsAnAzurePageBlobUpToItsLastMebibyte() {
        SeedDiskLayout layout = new SeedDiskLayout(SeedDiskLayout.MAX_DISK_SIZE);

        assertEquals(8L << 40, SeedDiskLayout.MAX_PAGE_BLOB_SIZE);
        assertEquals((8L << 40) - MIB + 512, layout.pageBlobSize());
        assertTrue(layout.pageBlobSize() <= SeedDiskLayout.MAX_PAGE_BLOB_SIZE);
    }

    @Test
    void aDiskThatWouldNotFitIsRefusedSayingWhy() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new SeedDiskLayout(SeedDiskLayout.MAX_DISK_SIZE + 512));

        assertTrue(e.getMessage().contains("8 TiB - 1 MiB"), e.getMessage());
    }

    @Test
    void sizesThatAreNotWholePositiveSectorsAreRefused() {
        for (long size : new long[]{0, -512, 1000, 64 * MIB + 1}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new SeedDiskLayout(size));
            assertTrue(e.getMessage().contains("not a positive multiple of 512"), e.getMessage());
        }
    }
}
