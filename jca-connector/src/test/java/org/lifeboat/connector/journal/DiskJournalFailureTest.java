package org.lifeboat.connector.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.lifeboat.connector.journal.JournalRecords.DISK;
import static org.lifeboat.connector.journal.JournalRecords.append;
import static org.lifeboat.connector.journal.JournalRecords.data;
import static org.lifeboat.connector.journal.JournalRecords.frameBytes;
import static org.lifeboat.connector.journal.CacheJournalTest.sequencesIn;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A disk journal on a disk that fills up or fails: nothing unsynced is acknowledged, nothing synced is lost. */
class DiskJournalFailureTest {

    @TempDir
    Path root;

    private final FailingDisk disk = new FailingDisk();
    private DiskJournal journal;

    @BeforeEach
    void open() throws IOException {
        journal = recover();
    }

    private DiskJournal recover() throws IOException {
        return DiskJournal.recover(DISK, root.resolve("journal").resolve(DISK), root.resolve("sealed"), disk);
    }

    @Test
    void aFailedFsyncMovesNoAckAndTheSegmentIsCutBackToWhatWasFsynced() throws IOException {
        append(journal, data(1), data(2));
        assertEquals(2, journal.sync(0));
        append(journal, data(3), data(4));

        disk.fsyncsFail = true;
        assertThrows(JournalFailedException.class, () -> journal.sync(0));

        assertEquals(2, journal.durableSequence(), "records 3 and 4 were never fsynced");
        assertEquals(DiskJournal.State.FAILED, journal.state());
        assertEquals(1, journal.generation());
        assertTrue(SealedSegment.list(root).isEmpty(), "nothing sealed while the disk fails");

        disk.fsyncsFail = false;
        append(journal, data(3)); // the agent's resend, in a session resumed after the failure
        assertEquals(DiskJournal.State.SERVING, journal.state());
        List<SealedSegment> sealed = SealedSegment.list(root);
        assertEquals(1, sealed.size());
        assertEquals(List.of(1L, 2L), sequencesIn(sealed.get(0).file()), "cut back to the last fsynced record");
        append(journal, data(4));
        assertEquals(4, journal.sync(1));
        FailingDisk.Channel failed = disk.opened.stream().filter(c -> c.failed).findFirst().orElseThrow();
        assertEquals(0, failed.forcesAfterFailure, "the channel whose fsync failed is never fsynced again");
        assertFalse(failed.isOpen());
    }

    @Test
    void aFailedAppendGivesUpEverythingAfterTheLastFsync() throws IOException {
        append(journal, data(1));
        journal.sync(0);
        append(journal, data(2));

        disk.writesFail = true;
        assertThrows(JournalFailedException.class, () -> append(journal, data(3)));
        assertEquals(1, journal.durableSequence());
        assertEquals(1, journal.lastAppended(), "record 2 was not fsynced: the agent sends it again");

        disk.writesFail = false;
        append(journal, data(2), data(3));
        assertEquals(3, journal.sync(1));
        journal.sealIfDue(0, Duration.ZERO);

        List<SealedSegment> sealed = SealedSegment.list(root);
        assertEquals(List.of(1L), sequencesIn(sealed.get(0).file()));
        assertEquals(List.of(2L, 3L), sequencesIn(sealed.get(1).file()));
    }

    @Test
    void aSessionThatResumedBeforeTheFailureCanNeitherAppendNorAcknowledge() throws IOException {
        long resumedIn = journal.generation();
        failTheFsyncOfRecord2();

        // record 2 is gone; an ACK of 3 from the old session would tell its agent that 2 is safe
        assertThrows(JournalFailedException.class,
                () -> journal.append(data(3), ByteBuffer.wrap(frameBytes(data(3))), resumedIn));
        assertThrows(JournalFailedException.class, () -> journal.sync(resumedIn));
        assertEquals(1, journal.durableSequence());
    }

    @Test
    void whileItCannotRecoverTheJournalRefusesRecordsAndStaysOutOfService() throws IOException {
        failTheFsyncOfRecord2();
        disk.opensFailFor = "sealed-through"; // the disk is still full

        assertThrows(JournalFailedException.class, () -> append(journal, data(2)));
        assertFalse(journal.sealIfDue(0, Duration.ZERO));
        assertEquals(DiskJournal.State.FAILED, journal.state());
        assertEquals(1, journal.durableSequence());

        disk.opensFailFor = null;
        assertFalse(journal.sealIfDue(1L << 30, Duration.ofHours(1)), "recovered; nothing open to seal");
        assertEquals(DiskJournal.State.SERVING, journal.state());
        assertEquals(List.of(1L), sequencesIn(SealedSegment.list(root).get(0).file()));
    }

    @Test
    void aFailedSealKeepsTheRecordsAndTheNextLookSealsThem() throws IOException {
        append(journal, data(1), data(2));
        journal.sync(0);
        disk.opensFailFor = "sealed-through";

        assertThrows(JournalFailedException.class, () -> journal.sealIfDue(0, Duration.ZERO));
        assertEquals(2, journal.durableSequence(), "fsynced before the seal failed: still durable");

        disk.opensFailFor = null;
        journal.sealIfDue(0, Duration.ZERO);
        List<SealedSegment> sealed = SealedSegment.list(root);
        assertEquals(1, sealed.size());
        assertEquals(List.of(1L, 2L), sequencesIn(sealed.get(0).file()));
    }

    @Test
    void everyOpenSegmentLeftBehindIsSealedInOrderAtRecovery() throws IOException {
        Path dir = root.resolve("journal").resolve(DISK);
        // two open segments, as an interrupted seal or an older server left them (old names too)
        Files.write(dir.resolve(String.format("open-%020d.seg", 1)), concat(frameBytes(data(1)), frameBytes(data(2))));
        Files.write(dir.resolve(String.format("open-%020d_after_%020d.seg", 3, 2)), frameBytes(data(3)));

        DiskJournal recovered = recover();

        assertEquals(3, recovered.durableSequence());
        List<SealedSegment> sealed = SealedSegment.list(root);
        assertEquals(2, sealed.size(), "no open segment is stranded");
        assertEquals(List.of(1L, 2L), sequencesIn(sealed.get(0).file()));
        assertEquals(SealedSegment.UNKNOWN, sealed.get(0).previousSequence());
        assertEquals(List.of(3L), sequencesIn(sealed.get(1).file()));
        assertEquals(2, sealed.get(1).previousSequence());
    }

    @Test
    void eachSealedSegmentNamesTheLastSequenceSealedBeforeIt() throws IOException {
        append(journal, data(1), data(5));
        journal.sync(0);
        journal.sealIfDue(0, Duration.ZERO);
        append(journal, data(9));
        journal.sync(0);
        journal.sealIfDue(0, Duration.ZERO);

        List<SealedSegment> sealed = SealedSegment.list(root);
        assertEquals(0, sealed.get(0).previousSequence());
        assertEquals(5, sealed.get(1).previousSequence(), "the chain, not the sequence numbers, links them");
        assertFalse(sealed.get(1).leavesGapAfter(5));
        assertTrue(sealed.get(1).leavesGapAfter(0), "applying it after 0 would skip the first segment");
    }

    /** Record 1 fsynced, record 2 appended and its fsync failed; the disk works again afterwards. */
    private void failTheFsyncOfRecord2() throws IOException {
        append(journal, data(1));
        journal.sync(0);
        append(journal, data(2));
        disk.fsyncsFail = true;
        assertThrows(JournalFailedException.class, () -> journal.sync(0));
        disk.fsyncsFail = false;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] both = new byte[a.length + b.length];
        System.arraycopy(a, 0, both, 0, a.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }
}
