package org.lifeboat.processserver;

import java.io.IOException;

/**
 * A disk's next segment was sealed after one that is neither applied nor in the cache (still open,
 * stranded on a failed disk, or lost): the log applier applies nothing past it, and the disk's later
 * segments wait until the missing one arrives. Sequence numbers may skip, so the journal's chain of
 * sealed segments, not the numbers, tells a missing segment.
 */
public class SegmentChainGapException extends IOException {

    private final String diskId;

    public SegmentChainGapException(String diskId, long applied, long sealedAfter) {
        super("disk " + diskId + ": its next segment was sealed after sequence " + sealedAfter
                + ", but only sequences through " + applied + " are applied; the segment in between is missing, "
                + "so nothing past " + applied + " is applied until it arrives (look for a failed cache journal "
                + "of this disk in the server log)");
        this.diskId = diskId;
    }

    public String diskId() {
        return diskId;
    }
}
