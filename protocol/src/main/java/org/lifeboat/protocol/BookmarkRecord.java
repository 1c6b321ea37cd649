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
        String problem = bookmarkIdProblem(bookmarkId);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
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

    /**
     * Why a bookmark id cannot name a recovery point, or null when it can: 1 to 64 characters (the
     * recovery point's column) of letters, digits and {@code . _ : -}, so it is safe in logs and blob names.
     */
    static String bookmarkIdProblem(String bookmarkId) {
        if (bookmarkId == null || bookmarkId.isEmpty()) {
            return "a bookmark needs an id";
        }
        if (bookmarkId.length() > ProtocolLimits.MAX_BOOKMARK_ID_CHARS) {
            return "bookmark id of " + bookmarkId.length() + " characters exceeds the "
                    + ProtocolLimits.MAX_BOOKMARK_ID_CHARS + "-character limit";
        }
        for (int i = 0; i < bookmarkId.length(); i++) {
            char c = bookmarkId.charAt(i);
            boolean allowed = c < 0x80 && (Character.isLetterOrDigit(c) || c == '.' || c == '_' || c == ':' || c == '-');
            if (!allowed) {
                return String.format("bookmark id has the character U+%04X at %d; only letters, digits and . _ : - are allowed",
                        (int) c, i);
            }
        }
        return null;
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
        String problem = ChangeRecord.headerProblem(diskId, sequence, sourceTime);
        if (problem == null) {
            problem = bookmarkIdProblem(bookmarkId);
        }
        if (problem != null) {
            throw payload.malformed(problem);
        }
        return new BookmarkRecord(diskId, sequence, sourceTime, bookmarkId, consistency);
    }
}
