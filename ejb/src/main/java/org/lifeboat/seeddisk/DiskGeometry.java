package org.lifeboat.seeddisk;

/**
 * The cylinders, heads and sectors per track a VHD footer records, computed with the algorithm of
 * Microsoft's VHD specification (appendix "CHS Calculation"). CHS cannot express most sizes exactly,
 * so a disk's capacity in this geometry is usually a little below its real size, and for disks above
 * about 127 GiB it is capped; the footer's current size is the real size.
 */
public record DiskGeometry(int cylinders, int heads, int sectorsPerTrack) {

    private static final long MAX_SECTORS = 65535L * 16 * 255;

    public DiskGeometry {
        if (cylinders < 0 || cylinders > 0xFFFF || heads < 0 || heads > 0xFF
                || sectorsPerTrack < 0 || sectorsPerTrack > 0xFF) {
            throw new IllegalArgumentException("geometry " + cylinders + "/" + heads + "/" + sectorsPerTrack
                    + " does not fit the footer's 16/8/8-bit fields");
        }
    }

    public static DiskGeometry forSize(long bytes) {
        long totalSectors = Math.min(bytes / SeedDiskLayout.SECTOR, MAX_SECTORS);
        long sectorsPerTrack;
        long heads;
        long cylinderTimesHeads;
        if (totalSectors >= 65535L * 16 * 63) {
            sectorsPerTrack = 255;
            heads = 16;
            cylinderTimesHeads = totalSectors / sectorsPerTrack;
        } else {
            sectorsPerTrack = 17;
            cylinderTimesHeads = totalSectors / sectorsPerTrack;
            heads = Math.max(4, (cylinderTimesHeads + 1023) / 1024);
            if (cylinderTimesHeads >= heads * 1024 || heads > 16) {
                sectorsPerTrack = 31;
                heads = 16;
                cylinderTimesHeads = totalSectors / sectorsPerTrack;
            }
            if (cylinderTimesHeads >= heads * 1024) {
                sectorsPerTrack = 63;
                heads = 16;
                cylinderTimesHeads = totalSectors / sectorsPerTrack;
            }
        }
        return new DiskGeometry((int) (cylinderTimesHeads / heads), (int) heads, (int) sectorsPerTrack);
    }

    /** The bytes this geometry addresses. */
    public long capacity() {
        return (long) cylinders * heads * sectorsPerTrack * SeedDiskLayout.SECTOR;
    }
}
