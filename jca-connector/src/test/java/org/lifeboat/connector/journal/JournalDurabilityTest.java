package org.lifeboat.connector.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.lifeboat.connector.journal.JournalRecords.DISK;
import static org.lifeboat.connector.journal.JournalRecords.append;
import static org.lifeboat.connector.journal.JournalRecords.data;
import static org.lifeboat.connector.journal.JournalRecords.frameBytes;
import static org.lifeboat.connector.journal.JournalRecords.synced;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lifeboat.connector.journal.ForceRecordingFileSystem.Step;

/**
 * What the journal makes durable, and in which order, as a crash would find it: the journal runs on
 * the real file system seen through {@link ForceRecordingFileSystem}, which logs every fsync, rename
 * and delete. Written after mutation testing (bench/mutation) showed that every fsync of the journal
 * could be removed, and several bounds moved, without a test noticing.
 */
class JournalDurabilityTest {

    private static final Path SEGMENT_1 = Path.of("journal", DISK, String.format("open-%020d.seg", 1));
    private static final Path MARKER = Path.of("journal", DISK, "sealed-through");
    private static final Path MARKER_TEMP = Path.of("journal", DISK, "sealed-through.tmp");

    @TempDir
    Path temp;
    private Path root;

    @BeforeEach
    void recordTheFileSystem() {
        root = ForceRecordingFileSystem.over(temp);
    }

    @Test
    void syncForcesEveryAppendedByteBeforeItReturnsTheSequence() throws IOException {
        DiskJournal disk = CacheJournal.open(root, 1L << 30, 0).disk(DISK);
        append(disk, data(1), data(2));
        assertTrue(forces(SEGMENT_1).isEmpty(), "nothing is forced before sync");

        assertEquals(2, disk.sync(disk.generation()));

        assertEquals(List.of(Files.size(temp.resolve(SEGMENT_1))), forces(SEGMENT_1));
    }

    @Test
    void aSyncWithNothingNewForcesNothingAgain() throws IOException {
        DiskJournal disk = CacheJournal.open(root, 1L << 30, 0).disk(DISK);
        append(disk, data(1));
        disk.sync(disk.generation());

        assertEquals(1, disk.sync(disk.generation()));
        assertEquals(1, forces(SEGMENT_1).size(), "one fsync per batch, not one per sync call");

        append(disk, data(2));
        disk.sync(disk.generation());
        assertEquals(2, forces(SEGMENT_1).size());
    }

    @Test
    void sealingMovesOnlyForcedBytesRemembersTheSequenceFirstAndForcesBothFoldersAfter() throws IOException {
        CacheJournal journal = CacheJournal.open(root, 1L << 30, 0);
        synced(journal, data(1), data(2));
        long size = Files.size(temp.resolve(SEGMENT_1));

        journal.sealDue(0, Duration.ofHours(1));

        Path sealed = Path.of("sealed", SealedSegment.fileName(DISK, 1, 2, 0));
        List<String> steps = ForceRecordingFileSystem.steps(root).stream().map(Step::toString).toList();
        int segmentMoved = steps.indexOf("move " + sealed);
        int segmentForced = steps.indexOf("force " + SEGMENT_1 + " " + size);
        int segmentClosed = steps.indexOf("close " + SEGMENT_1);
        int markerForced = indexOfPrefix(steps, "force " + MARKER_TEMP + " ");
        int markerMoved = steps.indexOf("move " + MARKER);
        assertTrue(segmentForced >= 0 && segmentForced < segmentMoved, "moved unforced bytes: " + steps);
        assertTrue(segmentClosed >= 0 && segmentClosed < segmentMoved, "the sealed file is still open: " + steps);
        assertTrue(markerForced >= 0 && markerForced < markerMoved, "the marker was not forced: " + steps);
        assertTrue(markerMoved < segmentMoved, "the sequence is remembered first: " + steps);
        assertTrue(indexOfPrefix(steps, "force sealed ") > segmentMoved, steps.toString());
        assertTrue(indexOfPrefix(steps, "force " + SEGMENT_1.getParent() + " ") > segmentMoved, steps.toString());
    }

    @Test
    void closingTheCacheForcesAndClosesEveryOpenSegment() throws IOException {
        CacheJournal journal = CacheJournal.open(root, 1L << 30, 0);
        append(journal.disk(DISK), data(1));

        journal.close();

        List<String> steps = ForceRecordingFileSystem.steps(root).stream().map(Step::toString).toList();
        int forced = steps.indexOf("force " + SEGMENT_1 + " " + Files.size(temp.resolve(SEGMENT_1)));
        assertTrue(forced >= 0 && forced < steps.indexOf("close " + SEGMENT_1), steps.toString());
    }

    @Test
    void recoveryForcesTheCutBeforeTakingNewRecords() throws IOException {
        CacheJournal journal = CacheJournal.open(root, 1L << 30, 0);
        synced(journal, data(1));
        journal.close();
        long whole = Files.size(temp.resolve(SEGMENT_1));
        Files.write(temp.resolve(SEGMENT_1), new byte[100], StandardOpenOption.APPEND);
        ForceRecordingFileSystem.forget(root);

        DiskJournal recovered = CacheJournal.open(root, 1L << 30, 0).disk(DISK);

        assertEquals(1, recovered.durableSequence());
        assertEquals(List.of(whole), forces(SEGMENT_1));
    }

    @Test
    void aReopenedSegmentIsSealedUnderItsFirstSequence() throws IOException {
        CacheJournal journal = CacheJournal.open(temp, 1L << 30, 0);
        synced(journal, data(1), data(2), data(3));
        journal.close();

        CacheJournal reopened = CacheJournal.open(temp, 1L << 30, 0);
        reopened.disk(DISK);
        reopened.sealDue(0, Duration.ofHours(1));

        List<SealedSegment> sealed = SealedSegment.list(temp);
        assertEquals(1, sealed.size());
        assertEquals(1, sealed.get(0).firstSequence());
        assertEquals(3, sealed.get(0).lastSequence());
    }

    @Test
    void aSegmentTornInsideItsFirstRecordIsDroppedAndTheSequenceTakenAgain() throws IOException {
        Path segment = temp.resolve(SEGMENT_1);
        Files.createDirectories(segment.getParent());
        Files.write(segment, Arrays.copyOf(frameBytes(data(1)), 1000)); // the crash hit the first write

        DiskJournal disk = CacheJournal.open(temp, 1L << 30, 0).disk(DISK);

        assertEquals(0, disk.durableSequence());
        assertFalse(Files.exists(segment), "nothing whole was in it");
        append(disk, data(1));
        assertEquals(1, disk.sync(disk.generation()));
    }

    @Test
    void theSealedSequenceIsRememberedAcrossEveryRestart() throws IOException {
        CacheJournal journal = CacheJournal.open(temp, 1L << 30, 0);
        synced(journal, data(1), data(2), data(3));
        journal.sealDue(0, Duration.ofHours(1));
        Files.delete(SealedSegment.list(temp).get(0).file()); // uploaded
        journal.close();

        for (int restart = 1; restart <= 3; restart++) {
            CacheJournal again = CacheJournal.open(temp, 1L << 30, 0);
            DiskJournal reopened = again.disk(DISK);
            assertEquals(3, reopened.durableSequence(), "restart " + restart);
            assertThrows(IllegalStateException.class, () -> append(reopened, data(3)), "restart " + restart);
            again.close();
        }
    }

    @Test
    void aSegmentIsSealedFromExactlyItsSizeLimit() throws IOException {
        CacheJournal journal = CacheJournal.open(temp, 1L << 30, 0);
        synced(journal, data(1));
        long size = Files.size(temp.resolve(SEGMENT_1));

        journal.sealDue(size + 1, Duration.ofHours(1));
        assertTrue(SealedSegment.list(temp).isEmpty(), "one byte under the limit waits");

        journal.sealDue(size, Duration.ofHours(1));
        assertEquals(1, SealedSegment.list(temp).size());
    }

    @Test
    void theCacheCountsEveryFileItHoldsFromTheMomentItOpens() throws IOException {
        CacheJournal journal = CacheJournal.open(temp, 1L << 30, 0);
        DiskJournal disk = synced(journal, data(1), data(2));
        journal.sealDue(0, Duration.ofHours(1));
        append(disk, data(3));
        disk.sync(disk.generation());

        journal.measure();

        long held = bytesUnder(temp);
        assertTrue(held > 3 * 4096, "held " + held);
        assertEquals(held, journal.usedBytes());
        journal.close();
        CacheJournal reopened = CacheJournal.open(temp, 12_345, 0);
        assertEquals(held, reopened.usedBytes(), "counted when opened, before any measure()");
        assertTrue(reopened.freeBytes() > 0 && reopened.freeBytes() < Long.MAX_VALUE, "free " + reopened.freeBytes());
        assertEquals(12_345, reopened.capacityBytes());
        assertEquals(temp, reopened.root());
        assertEquals(DISK, reopened.disk(DISK).diskId());
    }

    @Test
    void nearlyFullStartsAtNinetyPercentOrBelowTheFreeSpaceFloor() throws IOException {
        CacheJournal journal = CacheJournal.open(temp, 10_000, 0);

        journal.grew(8_999);
        assertFalse(journal.nearlyFull(), "89.99 %");
        journal.grew(1);
        assertTrue(journal.nearlyFull(), "90 %");

        assertTrue(CacheJournal.open(temp, 1L << 40, Long.MAX_VALUE).nearlyFull(), "below the free-space floor");
    }

    private static int indexOfPrefix(List<String> steps, String prefix) {
        for (int i = 0; i < steps.size(); i++) {
            if (steps.get(i).startsWith(prefix)) {
                return i;
            }
        }
        return -1;
    }

    /** The file's size at each fsync of it, in order. */
    private List<Long> forces(Path file) {
        return ForceRecordingFileSystem.steps(root).stream()
                .filter(step -> step.kind().equals("force") && step.path().equals(file))
                .map(Step::size).toList();
    }

    private static long bytesUnder(Path directory) throws IOException {
        try (Stream<Path> files = Files.walk(directory)) {
            return files.filter(Files::isRegularFile).mapToLong(file -> {
                try {
                    return Files.size(file);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).sum();
        }
    }
}
