package org.lifeboat.protocol;

/**
 * "Every change to this disk captured up to {@code sourceTimeMillis} has been sent": the agent sends
 * one after each pass that left nothing pending, so the server can measure RPO while a disk is idle.
 */
public record SyncRecord(String diskId, long sequence, long sourceTimeMillis) implements ChangeRecord {

    public SyncRecord {
        ChangeRecord.requireValidHeader(diskId, sequence, sourceTimeMillis);
    }

    @Override
    public Frame toFrame() {
        return new PayloadWriter()
                .string("diskId", diskId)
                .u64("sequence", sequence)
                .u64("sourceTime", sourceTimeMillis)
                .toFrame(FrameType.SYNC);
    }

    public static SyncRecord from(Frame frame) throws MalformedFrameException {
        PayloadReader payload = PayloadReader.of(frame, FrameType.SYNC);
        String diskId = payload.string("diskId");
        long sequence = payload.u64("sequence");
        long sourceTime = payload.u64("sourceTime");
        payload.end();
        String problem = ChangeRecord.headerProblem(diskId, sequence, sourceTime);
        if (problem != null) {
            throw payload.malformed(problem);
        }
        return new SyncRecord(diskId, sequence, sourceTime);
    }
}
