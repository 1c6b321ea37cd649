package org.lifeboat.cache;

import java.nio.charset.StandardCharsets;

/**
 * Which part of one disk's replication stream a cache segment holds: the change records with
 * sequences {@code firstSequence..lastSequence}, and the newest source time among them (what the
 * disk's RPO becomes once the segment is in Azure). Kept readable, and authenticated, in the blob.
 */
public record SegmentSpan(String diskId, long firstSequence, long lastSequence, long maxSourceTimeMillis) {

    public SegmentSpan {
        if (diskId == null || diskId.isEmpty()) {
            throw new IllegalArgumentException("a segment needs a disk id");
        }
        if (diskId.getBytes(StandardCharsets.UTF_8).length > 0xFFFF) {
            throw new IllegalArgumentException("disk id is longer than 65535 UTF-8 bytes");
        }
        if (firstSequence < 1 || lastSequence < firstSequence) {
            throw new IllegalArgumentException("sequences " + firstSequence + ".." + lastSequence
                    + " are not a positive, ascending range");
        }
        if (maxSourceTimeMillis < 0) {
            throw new IllegalArgumentException("source time " + maxSourceTimeMillis + " is negative");
        }
    }
}
