package org.lifeboat.failover;

import java.util.List;
import org.lifeboat.resync.BlockChecksums;
import org.lifeboat.shared.InvalidRequestException;

/**
 * The stretches of a disk image a master target asks for in one request (failback): the blocks that differ from
 * the recovery point, streamed back one after the other, so that hundreds of scattered blocks cost one request
 * rather than one each. Checked before a byte is read: at most {@link #MAX_RANGES} ranges and {@link #MAX_BYTES}
 * in all, in ascending order without overlap, each on the disk's block grid (the checksums' blocks) and inside
 * the disk.
 *
 * @param ranges     the ranges, in the order their bytes are sent
 * @param totalBytes the sum of their lengths: the answer's length
 */
public record ImageRanges(List<Range> ranges, long totalBytes) {

    /** Bounds one answer: a master target asks again for the rest. */
    public static final int MAX_RANGES = 1024;
    public static final long MAX_BYTES = 256L << 20;

    /** Bytes {@code offset} to {@code offset + length - 1} of the disk image. */
    public record Range(long offset, long length) {
    }

    /** A range as a request gives it: either field may be missing (null). */
    public record Requested(Long offset, Long length) {
    }

    public ImageRanges {
        ranges = List.copyOf(ranges);
    }

    /**
     * @param ranges the requested ranges as given (null for a missing list; an element may be null)
     * @throws InvalidRequestException naming {@code ranges} or the first bad element's field
     *                                 ({@code ranges[3].offset}), with the rule it breaks
     */
    public static ImageRanges of(List<Requested> ranges, long diskSizeBytes) {
        if (ranges == null || ranges.isEmpty()) {
            throw new InvalidRequestException("ranges", "ranges: at least one {offset, length} is required");
        }
        if (ranges.size() > MAX_RANGES) {
            throw new InvalidRequestException("ranges", "ranges: at most " + MAX_RANGES + " in one request, not "
                    + ranges.size());
        }
        int block = BlockChecksums.blockSize(diskSizeBytes);
        long total = 0;
        long end = 0; // where the previous range ended
        Range[] checked = new Range[ranges.size()];
        for (int i = 0; i < checked.length; i++) {
            String at = "ranges[" + i + "]";
            Requested range = ranges.get(i);
            if (range == null || range.offset() == null) {
                throw new InvalidRequestException(at + ".offset", at + ".offset is required");
            }
            if (range.length() == null) {
                throw new InvalidRequestException(at + ".length", at + ".length is required");
            }
            long offset = range.offset();
            long length = range.length();
            if (offset < 0 || offset >= diskSizeBytes) {
                throw new InvalidRequestException(at + ".offset", at + ".offset " + offset + " is outside the disk's "
                        + diskSizeBytes + " bytes");
            }
            if (offset % block != 0) {
                throw new InvalidRequestException(at + ".offset", at + ".offset " + offset + " is not a multiple of "
                        + "the disk's block size, " + block);
            }
            if (i > 0 && offset < end) {
                throw new InvalidRequestException(at + ".offset", at + ".offset " + offset + " is before the end of "
                        + "ranges[" + (i - 1) + "] (" + end + "): ranges go in ascending order without overlap");
            }
            if (length <= 0 || length > diskSizeBytes - offset) {
                throw new InvalidRequestException(at + ".length", at + ".length " + length + " is not between 1 and "
                        + "the " + (diskSizeBytes - offset) + " bytes left on the disk at its offset");
            }
            if (length % block != 0 && offset + length != diskSizeBytes) {
                throw new InvalidRequestException(at + ".length", at + ".length " + length + " is not a multiple of "
                        + "the disk's block size, " + block + " (only a range that ends the disk may end short)");
            }
            total += length;
            if (total > MAX_BYTES) {
                throw new InvalidRequestException("ranges", "ranges: at most " + MAX_BYTES + " bytes in one "
                        + "request; ranges[0.." + i + "] ask for " + total);
            }
            end = offset + length;
            checked[i] = new Range(offset, length);
        }
        return new ImageRanges(List.of(checked), total);
    }
}
