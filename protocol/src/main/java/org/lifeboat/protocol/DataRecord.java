package org.lifeboat.protocol;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * New content for a run of sectors of one disk. The offset and length are multiples of
 * {@link ProtocolLimits#SECTOR}, and the length is at most {@link ProtocolLimits#MAX_DATA_BYTES}
 * (Azure's Put Page limit), so each record becomes one page write. Whether the run lies inside the
 * disk is for the receiver to check: only it knows the disk's size.
 */
public record DataRecord(String diskId, long sequence, long sourceTimeMillis, long offset, byte[] data)
        implements ChangeRecord {

    public DataRecord {
        ChangeRecord.requireValidHeader(diskId, sequence, sourceTimeMillis);
        Objects.requireNonNull(data, "data");
        String problem = alignmentProblem(offset, data.length);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
    }

    public int length() {
        return data.length;
    }

    public long end() {
        return offset + data.length;
    }

    /** The data itself, not a copy: records are built once and handed on, never changed. */
    @Override
    public byte[] data() {
        return data;
    }

    @Override
    public Frame toFrame() {
        // sized exactly, so the 4 MiB of data are copied once, into the frame
        int payloadBytes = Short.BYTES + diskId.getBytes(StandardCharsets.UTF_8).length + 3 * Long.BYTES
                + Integer.BYTES + data.length;
        return new PayloadWriter(payloadBytes)
                .string("diskId", diskId)
                .u64("sequence", sequence)
                .u64("sourceTime", sourceTimeMillis)
                .u64("offset", offset)
                .data("data", data)
                .toFrame(FrameType.DATA);
    }

    public static DataRecord from(Frame frame) throws MalformedFrameException {
        PayloadReader payload = PayloadReader.of(frame, FrameType.DATA);
        String diskId = payload.string("diskId");
        long sequence = payload.u64("sequence");
        long sourceTime = payload.u64("sourceTime");
        long offset = payload.u64("offset");
        byte[] data = payload.data("data");
        payload.end();
        String problem = ChangeRecord.headerProblem(diskId, sequence, sourceTime);
        if (problem == null) {
            problem = alignmentProblem(offset, data.length);
        }
        if (problem != null) {
            throw payload.malformed(problem);
        }
        return new DataRecord(diskId, sequence, sourceTime, offset, data);
    }

    /** Why a run of sectors is not one a disk can take, or null when it is. */
    static String alignmentProblem(long offset, int length) {
        if (offset < 0) {
            return "offset " + offset + " is negative";
        }
        if (offset % ProtocolLimits.SECTOR != 0) {
            return "offset " + offset + " is not a multiple of " + ProtocolLimits.SECTOR;
        }
        if (length == 0) {
            return "no data";
        }
        if (length % ProtocolLimits.SECTOR != 0) {
            return "length " + length + " is not a multiple of " + ProtocolLimits.SECTOR;
        }
        if (length > ProtocolLimits.MAX_DATA_BYTES) {
            return "length " + length + " exceeds the " + ProtocolLimits.MAX_DATA_BYTES + "-byte limit";
        }
        return null;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof DataRecord record && diskId.equals(record.diskId) && sequence == record.sequence
                && sourceTimeMillis == record.sourceTimeMillis && offset == record.offset
                && Arrays.equals(data, record.data);
    }

    @Override
    public int hashCode() {
        return Objects.hash(diskId, sequence, sourceTimeMillis, offset, Arrays.hashCode(data));
    }

    @Override
    public String toString() {
        return "DataRecord[disk=" + diskId + ", sequence=" + sequence + ", offset=" + offset + ", length="
                + data.length + "]";
    }
}
