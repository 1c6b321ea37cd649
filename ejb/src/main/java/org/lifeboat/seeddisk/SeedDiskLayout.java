package org.lifeboat.seeddisk;

/**
 * Where a protected disk's bytes and its VHD footer lie in its seed page blob.
 * <p>
 * The disk's bytes start at offset 0. Azure imports a page blob as a managed disk only as a fixed VHD
 * whose virtual size is a whole number of MiB, so the image is padded with zeros up to the next MiB
 * (the virtual size) and the 512-byte footer follows: page blob size = virtual size + 512.
 *
 * @param diskSize the protected disk's size in bytes: positive, a multiple of 512, at most
 *                 {@link #MAX_DISK_SIZE}
 */
public record SeedDiskLayout(long diskSize) {

    public static final int SECTOR = 512;
    public static final long MIB = 1024 * 1024;

    /** Azure's largest page blob. */
    public static final long MAX_PAGE_BLOB_SIZE = 8L * 1024 * 1024 * MIB;

    /**
     * The largest disk whose seed fits in one page blob: the virtual size is a MiB multiple and the
     * footer must fit behind it, so this is 8 TiB - 1 MiB (8 TiB - 512 would round up past the limit).
     */
    public static final long MAX_DISK_SIZE = MAX_PAGE_BLOB_SIZE - MIB;

    public SeedDiskLayout {
        if (diskSize <= 0 || diskSize % SECTOR != 0) {
            throw new IllegalArgumentException("disk size " + diskSize
                    + " bytes is not a positive multiple of " + SECTOR);
        }
        if (diskSize > MAX_DISK_SIZE) {
            throw new IllegalArgumentException("disk size " + diskSize + " bytes is too large for a seed disk: "
                    + "rounded up to 1 MiB plus the 512-byte VHD footer it must fit in one Azure page blob of "
                    + MAX_PAGE_BLOB_SIZE + " bytes (8 TiB), so at most " + MAX_DISK_SIZE + " bytes (8 TiB - 1 MiB)");
        }
    }

    /** The size the VHD footer records: the disk size rounded up to a whole MiB. */
    public long virtualSize() {
        return (diskSize + MIB - 1) / MIB * MIB;
    }

    public long pageBlobSize() {
        return virtualSize() + VhdFooter.BYTES;
    }

    public long footerOffset() {
        return pageBlobSize() - VhdFooter.BYTES;
    }
}
