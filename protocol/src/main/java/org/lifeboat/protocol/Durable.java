package org.lifeboat.protocol;

/**
 * Every record of a disk up to {@code durableSequence} is durable in Azure Storage: uploaded to the
 * {@code cache} container or applied to the disk's seed blob. An {@link Ack} says a record is in the
 * process server's journal, which the loss of that server's disk takes with it; until a DURABLE covers
 * a record, the agent keeps what it needs to send its blocks again.
 */
public record Durable(String diskId, long durableSequence) {

    public Durable {
        if (diskId == null || diskId.isEmpty() || diskId.length() > ProtocolLimits.MAX_ID_CHARS) {
            throw new IllegalArgumentException("a durability notice needs a disk id of 1 to "
                    + ProtocolLimits.MAX_ID_CHARS + " characters");
        }
        if (durableSequence < 0) {
            throw new IllegalArgumentException("sequence " + durableSequence + " is negative");
        }
    }

    public Frame toFrame() {
        return new PayloadWriter().string("diskId", diskId).u64("durableSequence", durableSequence)
                .toFrame(FrameType.DURABLE);
    }

    public static Durable from(Frame frame) throws MalformedFrameException {
        PayloadReader payload = PayloadReader.of(frame, FrameType.DURABLE);
        String diskId = payload.string("diskId");
        long sequence = payload.u64("durableSequence");
        payload.end();
        if (diskId.isEmpty() || diskId.length() > ProtocolLimits.MAX_ID_CHARS) {
            throw payload.malformed("diskId must be 1 to " + ProtocolLimits.MAX_ID_CHARS + " characters, not "
                    + diskId.length());
        }
        if (sequence < 0) {
            throw payload.malformed("durableSequence " + Long.toUnsignedString(sequence) + " is out of range");
        }
        return new Durable(diskId, sequence);
    }
}
