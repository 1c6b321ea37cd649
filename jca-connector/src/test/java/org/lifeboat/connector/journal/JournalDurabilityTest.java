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

    /** The first open segment of the disk: it starts at sequence 1 and names 0, nothing sealed yet, as its predecessor. */
    private static final Path SEGMENT_1 = openSegment(1, 0);
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
    void closingTheCacheClosesEveryOpenSegmentAndNothingUnforcedCountsAsDurable() throws IOException {
        CacheJournal journal = CacheJournal.open(root, 1L << 30, 0);
        DiskJournal disk = synced(journal, data(1));
        long synced = Files.size(temp.resolve(SEGMENT_1));
        append(disk, data(2)); // never synced, so never acknowledged
        long appended = Files.size(temp.resolve(SEGMENT_1));

        journal.close();

        List<String> steps = ForceRecordingFileSystem.steps(root).stream().map(Step::toString).toList();
        int forced = steps.indexOf("force " + SEGMENT_1 + " " + synced);
        assertTrue(forced >= 0 && forced < steps.indexOf("close " + SEGMENT_1), steps.toString());

        // close does not fsync what no sync made durable: the restart forces it before it counts
        ForceRecordingFileSystem.forget(root);
        DiskJournal reopened = CacheJournal.open(root, 1L << 30, 0).disk(DISK);
        assertEquals(2, reopened.durableSequence());
        List<String> recovery = ForceRecordingFileSystem.steps(root).stream().map(Step::toString).toList();
        int forcedWhole = recovery.indexOf("force " + SEGMENT_1 + " " + appended);
        int sealed = recovery.indexOf("move " + Path.of("sealed", SealedSegment.fileName(DISK, 1, 2, 0)));
        assertTrue(forcedWhole >= 0 && forcedWhole < sealed, recovery.toString());
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
        List<String> steps = ForceRecordingFileSystem.steps(root).stream().map(Step::toString).toList();
        int sealed = steps.indexOf("move " + Path.of("sealed", SealedSegment.fileName(DISK, 1, 1, 0)));
        int cutForced = steps.indexOf("force " + SEGMENT_1 + " " + whole);
        assertTrue(cutForced >= 0 && cutForced < sealed, "sealed before the cut was forced: " + steps);
        assertEquals(whole, Files.size(temp.resolve("sealed").resolve(SealedSegment.fileName(DISK, 1, 1, 0))));

        append(recovered, data(2)); // recovery sealed the cut segment: the next record opens a new one
        assertEquals(2, recovered.sync(recovered.generation()));
        assertEquals(List.of(Files.size(temp.resolve(openSegment(2, 1)))), forces(openSegment(2, 1)));
    }

    @Test
    void recoveryFromAFailedFsyncForcesTheCutBeforeTakingNewRecords() throws IOException {
        FailingDisk failing = new FailingDisk(); // over the recording file system: its forces are logged too
        DiskJournal disk = DiskJournal.recover(DISK, root.resolve("journal").resolve(DISK), root.resolve("sealed"), failing);
        append(disk, data(1));
        assertEquals(1, disk.sync(disk.generation()));
        long synced = Files.size(temp.resolve(SEGMENT_1));
        append(disk, data(2));
        failing.fsyncsFail = true;
        assertThrows(JournalFailedException.class, () -> disk.sync(disk.generation()));
        failing.fsyncsFail = false;
        ForceRecordingFileSystem.forget(root);

        append(disk, data(2)); // the agent's resend, in a session resumed after the failure

        List<Long> cut = forces(SEGMENT_1);
        assertFalse(cut.isEmpty(), "the cut was not forced");
        assertTrue(cut.stream().allMatch(size -> size == synced), "forced beyond the last fsynced byte: " + cut);
        List<String> steps = ForceRecordingFileSystem.steps(root).stream().map(Step::toString).toList();
        int sealed = steps.indexOf("move " + Path.of("sealed", SealedSegment.fileName(DISK, 1, 1, 0)));
        int cutForced = steps.indexOf("force " + SEGMENT_1 + " " + synced);
        assertTrue(cutForced >= 0 && cutForced < sealed, "sealed before the cut was forced: " + steps);
        assertTrue(forces(openSegment(2, 1)).isEmpty(), "nothing is forced before sync");
        assertEquals(2, disk.sync(disk.generation()));
        assertEquals(List.of(Files.size(temp.resolve(openSegment(2, 1)))), forces(openSegment(2, 1)));
    }

    @Test
    void aReopenedSegmentIsSealedUnderItsFirstSequence() throws IOException {
        CacheJournal journal = CacheJournal.open(temp, 1L << 30, 0);
        synced(journal, data(1), data(2), data(3));
        journal.close();

        CacheJournal reopened = CacheJournal.open(temp, 1L << 30, 0);
        reopened.disk(DISK); // recovery seals every open segment it finds, none is left open

        List<SealedSegment> sealed = SealedSegment.list(temp);
        assertEquals(1, sealed.size());
        assertEquals(1, sealed.get(0).firstSequence());
        assertEquals(3, sealed.get(0).lastSequence());
        assertEquals(0, sealed.get(0).previousSequence());
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

    /** Where the journal appends records from {@code first} on, after the segment sealed through {@code previous}. */
    private static Path openSegment(long first, long previous) {
        return Path.of("journal", DISK, String.format("open-%020d_after_%020d.seg", first, previous));
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
