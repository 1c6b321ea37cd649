package org.lifeboat.seeddisk;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Expected values worked through the VHD specification's CHS algorithm by hand; each takes another branch. */
class DiskGeometryTest {

    private static final long MIB = 1024 * 1024;

    @Test
    void smallDisksUseSeventeenSectorsAndAtLeastFourHeads() {
        // 20480 sectors / 17 = 1204 cylinders x heads; ceil(1204 / 1024) = 2 heads, raised to 4
        assertEquals(new DiskGeometry(301, 4, 17), DiskGeometry.forSize(10 * MIB));
        // 131072 / 17 = 7710; 8 heads, and 7710 < 8 x 1024 keeps 17 sectors
        assertEquals(new DiskGeometry(963, 8, 17), DiskGeometry.forSize(64 * MIB));
    }

    @Test
    void mediumDisksMoveToThirtyOneSectors() {
        // 409600 / 17 = 24094 needs 24 heads (> 16); 409600 / 31 = 13212 < 16 x 1024 fits 31 sectors
        assertEquals(new DiskGeometry(825, 16, 31), DiskGeometry.forSize(200 * MIB));
    }

    @Test
    void largerDisksMoveToSixtyThreeSectors() {
        // 2097152 / 31 = 67650 >= 16 x 1024; 2097152 / 63 = 33288 -> the well-known 2080/16/63 of a 1 GiB VHD
        assertEquals(new DiskGeometry(2080, 16, 63), DiskGeometry.forSize(1024 * MIB));
    }

    @Test
    void disksFromAbout31GiBUseTwoHundredFiftyFiveSectors() {
        // 83886080 sectors >= 65535 x 16 x 63; 83886080 / 255 = 328965 -> 20560 cylinders of 16 heads
        assertEquals(new DiskGeometry(20560, 16, 255), DiskGeometry.forSize(40 * 1024 * MIB));
    }

    @Test
    void disksBeyondWhatChsCanAddressGetTheLargestGeometry() {
        DiskGeometry largest = new DiskGeometry(65535, 16, 255);

        assertEquals(largest, DiskGeometry.forSize(65535L * 16 * 255 * 512));
        assertEquals(largest, DiskGeometry.forSize(SeedDiskLayout.MAX_DISK_SIZE));
        assertEquals(65535L * 16 * 255 * 512, largest.capacity());
    }
}
