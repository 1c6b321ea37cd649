package org.lifeboat.protocol;

import java.util.Objects;

/**
 * A consistency point in a disk's stream: once every record before it is applied, the disk holds the
 * state the agent captured at {@code sourceTimeMillis}. The agent puts the same bookmark id into each
 * of its disks' streams; a recovery point exists when all of them have reached it.
 */
public record BookmarkRecord(String diskId, long sequence, long sourceTimeMillis, String bookmarkId,
                             Consistency consistency) implements ChangeRecord {

    public BookmarkRecord {
        ChangeRecord.requireValidHeader(diskId, sequence, sourceTimeMillis);
        if (bookmarkId == null || bookmarkId.isEmpty()) {
            throw new IllegalArgumentException("a bookmark needs an id");
        }
        Objects.requireNonNull(consistency, "consistency");
    }

    @Override
    public Frame toFrame() {
        return new PayloadWriter()
                .string("diskId", diskId)
                .u64("sequence", sequence)
                .u64("sourceTime", sourceTimeMillis)
                .string("bookmarkId", bookmarkId)
                .u8("consistency", consistency.code())
                .toFrame(FrameType.BOOKMARK);
    }

    public static BookmarkRecord from(Frame frame) throws MalformedFrameException {
        PayloadReader payload = PayloadReader.of(frame, FrameType.BOOKMARK);
        String diskId = payload.string("diskId");
        long sequence = payload.u64("sequence");
        long sourceTime = payload.u64("sourceTime");
        String bookmarkId = payload.string("bookmarkId");
        int consistencyCode = payload.u8("consistency");
        payload.end();
        Consistency consistency = Consistency.fromCode(consistencyCode)
                .orElseThrow(() -> payload.malformed("unknown consistency " + consistencyCode));
        if (diskId.isEmpty() || sequence < 1 || sourceTime < 0 || bookmarkId.isEmpty()) {
            throw payload.malformed("disk id, sequence, source time or bookmark id out of range");
        }
        return new BookmarkRecord(diskId, sequence, sourceTime, bookmarkId, consistency);
    }
}
