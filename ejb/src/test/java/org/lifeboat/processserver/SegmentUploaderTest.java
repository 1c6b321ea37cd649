package org.lifeboat.processserver;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.lifeboat.connector.journal.SealedSegment;

/** What the upload worker says about the segments of a disk another process server holds now. */
class SegmentUploaderTest {

    @Test
    void theWarningNamesTheOwnerItsEpochAndWhatBecomesOfEachSegment() {
        List<SealedSegment> waiting = List.of(new SealedSegment(Path.of("a.seg"), "d1", 1, 10, 0),
                new SealedSegment(Path.of("b.seg"), "d1", 11, 20, 10),
                new SealedSegment(Path.of("c.seg"), "d1", 21, 30, 20));
        assertEquals("Disk d1 of 'web01' is assigned to process server 'ps2' at epoch 4, not to this one ('ps1'): "
                        + "this server does not apply it or write its seed blob; of the 3 segment(s) of it in this "
                        + "server's journal, 2 are deleted ('ps2' applied up to sequence 20, past them) and 1 are "
                        + "uploaded to the cache container, where the owner's applier applies them in sequence order "
                        + "or drops them once it is past them",
                SegmentUploader.notOwnedWarning("d1", "web01", "ps2", 4, "ps1", 20, waiting));
    }
}
