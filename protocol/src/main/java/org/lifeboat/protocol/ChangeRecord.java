package org.lifeboat.protocol;

/**
 * One entry of a disk's replication stream. Records of a disk carry increasing sequence numbers
 * assigned by the agent; the server acknowledges a sequence once every record up to it is durable,
 * and the agent resends whatever is not acknowledged. The same frames are what the process server
 * journals and ships, so the stream has one format from the agent to the seed disk.
 */
public sealed interface ChangeRecord permits DataRecord, BookmarkRecord, SyncRecord {

    String diskId();

    long sequence();

    /** When the agent captured this state of the disk, in milliseconds since the epoch. */
    long sourceTimeMillis();

    Frame toFrame();

    static boolean isChangeRecord(FrameType type) {
        return type == FrameType.DATA || type == FrameType.BOOKMARK || type == FrameType.SYNC;
    }

    /**
     * @throws MalformedFrameException  if the payload is not a valid record
     * @throws IllegalArgumentException if the frame is not a change record at all
     */
    static ChangeRecord from(Frame frame) throws MalformedFrameException {
        return switch (frame.type()) {
            case DATA -> DataRecord.from(frame);
            case BOOKMARK -> BookmarkRecord.from(frame);
            case SYNC -> SyncRecord.from(frame);
            default -> throw new IllegalArgumentException(frame.type() + " is not a change record");
        };
    }

    static void requireValidHeader(String diskId, long sequence, long sourceTimeMillis) {
        if (diskId == null || diskId.isEmpty()) {
            throw new IllegalArgumentException("a record needs a disk id");
        }
        if (sequence < 1) {
            throw new IllegalArgumentException("sequence " + sequence + " is not positive");
        }
        if (sourceTimeMillis < 0) {
            throw new IllegalArgumentException("source time " + sourceTimeMillis + " is negative");
        }
    }
}
