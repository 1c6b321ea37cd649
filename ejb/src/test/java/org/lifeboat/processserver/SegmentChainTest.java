package org.lifeboat.processserver;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.lifeboat.connector.journal.SealedSegment;

/** How far a disk is durable in Azure: applied, then the uploaded segments that follow on without a gap. */
class SegmentChainTest {

    @Test
    void followsTheUploadedSegmentsFromTheAppliedOne() {
        assertEquals(30, SegmentRepository.chainedThrough(10, List.of(segment(11, 20, 10), segment(21, 30, 20))));
    }

    @Test
    void stopsAtAMissingLink() {
        // the segment 21..25 is neither applied nor uploaded: 26..30 is not reached
        assertEquals(20, SegmentRepository.chainedThrough(10, List.of(segment(11, 20, 10), segment(26, 30, 25))));
    }

    @Test
    void nothingUploadedIsWhatIsApplied() {
        assertEquals(7, SegmentRepository.chainedThrough(7, List.of()));
    }

    @Test
    void aSegmentOfUnknownPredecessorOrAfterAGapInNumbersFollowsOn() {
        // sequences may skip (an agent's lost numbers); a new journal's first segment was sealed after 0
        assertEquals(40, SegmentRepository.chainedThrough(10, List.of(segment(15, 20, SealedSegment.UNKNOWN),
                segment(31, 40, 0))));
    }

    private static CacheSegment segment(long first, long last, long previous) {
        return new CacheSegment(CacheSegment.blobName("disk-1", first, last), "disk-1", first, last, previous,
                Instant.EPOCH, 1, Instant.EPOCH, "builtin");
    }
}
