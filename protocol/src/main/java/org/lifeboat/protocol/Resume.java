package org.lifeboat.protocol;

import java.util.ArrayList;
import java.util.List;

/**
 * Sent right after WELCOME: the disks this agent replicates and, for each, the highest sequence the
 * server holds durably. The agent resends what it has after that, and numbers new records after
 * whichever is higher, its own or the server's, so no sequence is ever used for two contents.
 */
public record Resume(List<DiskResume> disks) {

    /** One protected disk: its id, its size in bytes, and the highest durable sequence (0 for none). */
    public record DiskResume(String diskId, long sizeBytes, long durableSequence) {
        public DiskResume {
            if (diskId == null || diskId.isEmpty()) {
                throw new IllegalArgumentException("a disk needs an id");
            }
            if (sizeBytes <= 0 || sizeBytes % ProtocolLimits.SECTOR != 0) {
                throw new IllegalArgumentException("disk size " + sizeBytes + " is not a positive multiple of "
                        + ProtocolLimits.SECTOR);
            }
            if (durableSequence < 0) {
                throw new IllegalArgumentException("sequence " + durableSequence + " is negative");
            }
        }
    }

    public Resume {
        disks = List.copyOf(disks);
    }

    public Frame toFrame() {
        PayloadWriter writer = new PayloadWriter().u16("disk count", disks.size());
        for (DiskResume disk : disks) {
            writer.string("diskId", disk.diskId()).u64("sizeBytes", disk.sizeBytes())
                    .u64("durableSequence", disk.durableSequence());
        }
        return writer.toFrame(FrameType.RESUME);
    }

    public static Resume from(Frame frame) throws MalformedFrameException {
        PayloadReader payload = PayloadReader.of(frame, FrameType.RESUME);
        int count = payload.u16("disk count");
        List<DiskResume> disks = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String diskId = payload.string("diskId");
            long size = payload.u64("sizeBytes");
            long sequence = payload.u64("durableSequence");
            if (diskId.isEmpty() || size <= 0 || size % ProtocolLimits.SECTOR != 0 || sequence < 0) {
                throw payload.malformed("disk " + i + " has an invalid id, size or sequence");
            }
            disks.add(new DiskResume(diskId, size, sequence));
        }
        payload.end();
        return new Resume(disks);
    }
}
