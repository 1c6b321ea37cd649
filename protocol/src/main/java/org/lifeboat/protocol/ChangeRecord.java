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
        String problem = headerProblem(diskId, sequence, sourceTimeMillis);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
    }

    /**
     * Why a record's common fields do not fit what the server keeps of them, or null when they do:
     * checked on arrival, so nothing is journaled and acknowledged that a later stage cannot store.
     */
    static String headerProblem(String diskId, long sequence, long sourceTimeMillis) {
        if (diskId == null || diskId.isEmpty()) {
            return "a record needs a disk id";
        }
        if (diskId.length() > ProtocolLimits.MAX_ID_CHARS) {
            return "disk id of " + diskId.length() + " characters exceeds the " + ProtocolLimits.MAX_ID_CHARS
                    + "-character limit";
        }
        if (sequence < 1) {
            return "sequence " + Long.toUnsignedString(sequence) + " is not between 1 and " + Long.MAX_VALUE;
        }
        if (sourceTimeMillis < 0 || sourceTimeMillis > ProtocolLimits.MAX_SOURCE_TIME_MILLIS) {
            return "source time " + Long.toUnsignedString(sourceTimeMillis) + " is not between 0 and "
                    + ProtocolLimits.MAX_SOURCE_TIME_MILLIS + " ms since the epoch";
        }
        return null;
    }
}
