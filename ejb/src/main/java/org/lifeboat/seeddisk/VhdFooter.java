package org.lifeboat.seeddisk;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Objects;
import java.util.UUID;

/**
 * The 512-byte footer that makes a raw disk image a fixed VHD (Microsoft's Virtual Hard Disk Image
 * Format Specification, "Hard Disk Footer Format"), the form in which Azure imports a page blob as a
 * managed disk. Every field is big-endian; original and current size are both the virtual size.
 *
 * @param virtualSize bytes of disk the VHD presents: positive, a multiple of 512
 * @param createdAt   the footer's time stamp, kept in whole seconds since 2000-01-01 UTC as the format does
 * @param uniqueId    identifies this disk image
 */
public record VhdFooter(long virtualSize, Instant createdAt, UUID uniqueId) {

    public static final int BYTES = 512;

    private static final byte[] COOKIE = "conectix".getBytes(StandardCharsets.US_ASCII);
    /** Bit 1, "reserved", must always be set; no other feature applies. */
    private static final int FEATURES = 0x0000_0002;
    private static final int FILE_FORMAT_VERSION = 0x0001_0000;
    /** A fixed disk has no dynamic header to point to. */
    private static final long NO_DATA_OFFSET = 0xFFFF_FFFF_FFFF_FFFFL;
    /**
     * Hyper-V's creator tag rather than one of our own: readers that cannot tell how a VHD's size was
     * meant (QEMU among them) take the exact current size only from known Hyper-V-style creators, and
     * otherwise the smaller CHS capacity, which would cut off the end of the disk.
     */
    private static final byte[] CREATOR_APPLICATION = "win ".getBytes(StandardCharsets.US_ASCII);
    /** Lifeboat 0.1: major version in the high 16 bits, minor in the low. */
    private static final int CREATOR_VERSION = 0x0000_0001;
    private static final byte[] CREATOR_HOST_OS = "Wi2k".getBytes(StandardCharsets.US_ASCII);
    private static final int DISK_TYPE_FIXED = 2;
    private static final Instant VHD_EPOCH = Instant.parse("2000-01-01T00:00:00Z");
    private static final int CHECKSUM_OFFSET = 64;

    public VhdFooter {
        if (virtualSize <= 0 || virtualSize % SeedDiskLayout.SECTOR != 0) {
            throw new IllegalArgumentException("virtual size " + virtualSize + " is not a positive multiple of 512");
        }
        Objects.requireNonNull(uniqueId, "uniqueId");
        long seconds = VHD_EPOCH.until(Objects.requireNonNull(createdAt, "createdAt"), ChronoUnit.SECONDS);
        if (seconds < 0 || seconds > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("time stamp " + createdAt
                    + " lies outside what the VHD format can record (2000-01-01 to 2136-02-07)");
        }
        createdAt = createdAt.truncatedTo(ChronoUnit.SECONDS);
    }

    /** A new footer for a disk image of this virtual size, stamped now. */
    public static VhdFooter create(long virtualSize) {
        return new VhdFooter(virtualSize, Instant.now(), UUID.randomUUID());
    }

    public DiskGeometry geometry() {
        return DiskGeometry.forSize(virtualSize);
    }

    public byte[] toBytes() {
        DiskGeometry geometry = geometry();
        ByteBuffer footer = ByteBuffer.allocate(BYTES)
                .put(COOKIE)
                .putInt(FEATURES)
                .putInt(FILE_FORMAT_VERSION)
                .putLong(NO_DATA_OFFSET)
                .putInt((int) VHD_EPOCH.until(createdAt, ChronoUnit.SECONDS))
                .put(CREATOR_APPLICATION)
                .putInt(CREATOR_VERSION)
                .put(CREATOR_HOST_OS)
                .putLong(virtualSize)
                .putLong(virtualSize)
                .putShort((short) geometry.cylinders())
                .put((byte) geometry.heads())
                .put((byte) geometry.sectorsPerTrack())
                .putInt(DISK_TYPE_FIXED)
                .putInt(0)
                .putLong(uniqueId.getMostSignificantBits())
                .putLong(uniqueId.getLeastSignificantBits())
                .put((byte) 0); // saved state: none; the rest is reserved and stays zero
        byte[] bytes = footer.array();
        ByteBuffer.wrap(bytes).putInt(CHECKSUM_OFFSET, checksum(bytes));
        return bytes;
    }

    /**
     * Reads and checks a fixed-VHD footer: cookie, checksum, version, disk type and sizes.
     *
     * @throws InvalidVhdFooterException saying what is wrong
     */
    public static VhdFooter parse(byte[] bytes) {
        if (bytes.length != BYTES) {
            throw new InvalidVhdFooterException("a VHD footer is 512 bytes, not " + bytes.length);
        }
        ByteBuffer footer = ByteBuffer.wrap(bytes);
        if (!Arrays.equals(bytes, 0, COOKIE.length, COOKIE, 0, COOKIE.length)) {
            throw new InvalidVhdFooterException("no VHD footer: the cookie is not \"conectix\"");
        }
        int expected = footer.getInt(CHECKSUM_OFFSET);
        int actual = checksum(bytes);
        if (expected != actual) {
            throw new InvalidVhdFooterException(String.format(
                    "VHD footer checksum is 0x%08X, but its bytes sum to 0x%08X", expected, actual));
        }
        int version = footer.getInt(12);
        if (version >>> 16 != FILE_FORMAT_VERSION >>> 16) {
            throw new InvalidVhdFooterException(String.format("VHD file format version 0x%08X is not 1.x", version));
        }
        int diskType = footer.getInt(60);
        if (diskType != DISK_TYPE_FIXED) {
            throw new InvalidVhdFooterException("VHD disk type " + diskType + " is not 2 (fixed)");
        }
        long dataOffset = footer.getLong(16);
        if (dataOffset != NO_DATA_OFFSET) {
            throw new InvalidVhdFooterException(String.format(
                    "a fixed VHD's data offset is 0xFFFFFFFFFFFFFFFF, not 0x%016X", dataOffset));
        }
        long currentSize = footer.getLong(48);
        if (currentSize <= 0 || currentSize % SeedDiskLayout.SECTOR != 0) {
            throw new InvalidVhdFooterException("VHD current size " + currentSize
                    + " is not a positive multiple of 512");
        }
        Instant createdAt = VHD_EPOCH.plusSeconds(Integer.toUnsignedLong(footer.getInt(24)));
        return new VhdFooter(currentSize, createdAt, new UUID(footer.getLong(68), footer.getLong(76)));
    }

    /** The one's complement of the sum of all footer bytes, the checksum field itself counted as zero. */
    private static int checksum(byte[] footer) {
        int sum = 0;
        for (int i = 0; i < footer.length; i++) {
            if (i < CHECKSUM_OFFSET || i >= CHECKSUM_OFFSET + 4) {
                sum += Byte.toUnsignedInt(footer[i]);
            }
        }
        return ~sum;
    }
}
