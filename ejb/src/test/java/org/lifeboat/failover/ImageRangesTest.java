package org.lifeboat.failover;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.lifeboat.shared.InvalidRequestException;

class ImageRangesTest {

    private static final long BLOCK = 64 << 10;
    /** 100 whole blocks and a short last one of 4 KiB. */
    private static final long DISK = 100 * BLOCK + 4096;

    @Test
    void sortedAlignedRangesInsideTheDiskAreTakenInOrder() {
        ImageRanges ranges = ImageRanges.of(List.of(range(0, BLOCK), range(3 * BLOCK, 2 * BLOCK),
                range(5 * BLOCK, BLOCK), range(100 * BLOCK, 4096)), DISK);
        assertEquals(List.of(new ImageRanges.Range(0, BLOCK), new ImageRanges.Range(3 * BLOCK, 2 * BLOCK),
                new ImageRanges.Range(5 * BLOCK, BLOCK), new ImageRanges.Range(100 * BLOCK, 4096)), ranges.ranges());
        assertEquals(4 * BLOCK + 4096, ranges.totalBytes());
    }

    @Test
    void eachBadRangeIsRefusedNamingItsFieldAndTheRule() {
        refused(null, "ranges", "at least one");
        refused(List.of(), "ranges", "at least one");
        refused(Arrays.asList(range(0, BLOCK), null), "ranges[1].offset", "required");
        refused(List.of(new ImageRanges.Requested(0L, null)), "ranges[0].length", "required");
        refused(List.of(range(-BLOCK, BLOCK)), "ranges[0].offset", "outside the disk");
        refused(List.of(range(101 * BLOCK, BLOCK)), "ranges[0].offset", "outside the disk");
        refused(List.of(range(0, BLOCK), range(BLOCK + 512, BLOCK)), "ranges[1].offset", "block size, 65536");
        refused(List.of(range(0, BLOCK / 2)), "ranges[0].length", "block size, 65536");
        refused(List.of(range(99 * BLOCK, 2 * BLOCK)), "ranges[0].length", "left on the disk");
        refused(List.of(range(0, 0)), "ranges[0].length", "between 1 and");
        refused(List.of(range(4 * BLOCK, BLOCK), range(2 * BLOCK, BLOCK)), "ranges[1].offset", "ascending order");
        refused(List.of(range(0, 2 * BLOCK), range(BLOCK, BLOCK)), "ranges[1].offset", "without overlap");
        refused(List.of(range(0, BLOCK), range(0, BLOCK)), "ranges[1].offset", "without overlap");
    }

    @Test
    void oneRequestIsBoundedInRangesAndBytes() {
        long bigDisk = 4L << 30;
        List<ImageRanges.Requested> many = new ArrayList<>();
        for (int i = 0; i <= ImageRanges.MAX_RANGES; i++) {
            many.add(range(i * 2 * BLOCK, BLOCK));
        }
        refused(many, bigDisk, "ranges", "at most 1024 in one request, not 1025");
        assertEquals(1024, ImageRanges.of(many.subList(0, 1024), bigDisk).ranges().size());
        refused(List.of(range(0, ImageRanges.MAX_BYTES), range(ImageRanges.MAX_BYTES, BLOCK)), bigDisk, "ranges",
                "at most 268435456 bytes");
        assertEquals(ImageRanges.MAX_BYTES, ImageRanges.of(List.of(range(0, ImageRanges.MAX_BYTES)), bigDisk)
                .totalBytes());
    }

    private static ImageRanges.Requested range(long offset, long length) {
        return new ImageRanges.Requested(offset, length);
    }

    private static void refused(List<ImageRanges.Requested> ranges, String field, String reason) {
        refused(ranges, DISK, field, reason);
    }

    private static void refused(List<ImageRanges.Requested> ranges, long disk, String field, String reason) {
        InvalidRequestException e = assertThrows(InvalidRequestException.class, () -> ImageRanges.of(ranges, disk));
        assertEquals(field, e.field(), e.getMessage());
        assertTrue(e.getMessage().contains(reason), e.getMessage());
    }
}
