package org.lifeboat.protocol;

/** Every record of a disk up to {@code durableSequence} is durable on the process server. */
public record Ack(String diskId, long durableSequence) {

    public Ack {
        if (diskId == null || diskId.isEmpty()) {
            throw new IllegalArgumentException("an ack needs a disk id");
        }
        if (durableSequence < 0) {
            throw new IllegalArgumentException("sequence " + durableSequence + " is negative");
        }
    }

    public Frame toFrame() {
        return new PayloadWriter().string("diskId", diskId).u64("durableSequence", durableSequence)
                .toFrame(FrameType.ACK);
    }

    public static Ack from(Frame frame) throws MalformedFrameException {
        PayloadReader payload = PayloadReader.of(frame, FrameType.ACK);
        String diskId = payload.string("diskId");
        long sequence = payload.u64("durableSequence");
        payload.end();
        if (diskId.isEmpty() || sequence < 0) {
            throw payload.malformed("disk id or sequence out of range");
        }
        return new Ack(diskId, sequence);
    }
}
