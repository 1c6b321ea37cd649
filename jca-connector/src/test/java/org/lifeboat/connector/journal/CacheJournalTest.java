package org.lifeboat.connector.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.lifeboat.connector.journal.JournalRecords.DISK;
import static org.lifeboat.connector.journal.JournalRecords.append;
import static org.lifeboat.connector.journal.JournalRecords.data;
import static org.lifeboat.connector.journal.JournalRecords.frameBytes;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lifeboat.protocol.BookmarkRecord;
import org.lifeboat.protocol.ChangeRecord;
import org.lifeboat.protocol.Consistency;
import org.lifeboat.protocol.Frame;
import org.lifeboat.protocol.FrameReader;
import org.lifeboat.protocol.SyncRecord;

class CacheJournalTest {


    @TempDir
    Path root;

    @Test
    void appendedRecordsAreDurableAfterSyncAndSurviveReopening() throws IOException {
        CacheJournal journal = CacheJournal.open(root, 1L << 30, 0);
        DiskJournal disk = journal.disk(DISK);
        append(disk, data(1), data(2), sync(3));

        assertEquals(0, disk.durableSequence());
        assertEquals(3, disk.sync(disk.generation()));
        journal.close();

        DiskJournal reopened = CacheJournal.open(root, 1L << 30, 0).disk(DISK);
        assertEquals(3, reopened.durableSequence());
        assertEquals(3, reopened.lastAppended());
    }

    @Test
    void aTornRecordAtTheEndIsCutOffAndTheWholeOnesKept() throws IOException {
        CacheJournal journal = CacheJournal.open(root, 1L << 30, 0);
        DiskJournal disk = journal.disk(DISK);
        append(disk, data(1), data(2));
        disk.sync(disk.generation());
        journal.close();
        Path open;
        try (var files = Files.list(root.resolve("journal").resolve(DISK))) {
            open = files.filter(f -> f.getFileName().toString().startsWith("open-")).findFirst().orElseThrow();
        }
        long whole = Files.size(open);
        try (FileChannel channel = FileChannel.open(open, StandardOpenOption.APPEND)) {
            channel.write(ByteBuffer.wrap(frameBytes(data(3)), 0, 1000)); // a crash in the middle of a write
        }

        DiskJournal recovered = CacheJournal.open(root, 1L << 30, 0).disk(DISK);

        assertEquals(2, recovered.durableSequence());
        List<SealedSegment> sealed = SealedSegment.list(root);
        assertEquals(List.of(1L, 2L), sequencesIn(sealed.get(0).file()), "sealed at recovery, whole records only");
        assertEquals(whole, Files.size(sealed.get(0).file()));
        append(recovered, data(3));
        assertEquals(3, recovered.sync(recovered.generation()));
    }

    @Test
    void sealedSegmentsHoldTheRecordsInOrderAndTheSequenceIsRememberedAfterUpload() throws IOException {
        CacheJournal journal = CacheJournal.open(root, 1L << 30, 0);
        DiskJournal disk = journal.disk(DISK);
        append(disk, data(1), data(2), sync(3));
        disk.sync(disk.generation());

        journal.sealDue(1L << 30, Duration.ZERO);

        List<SealedSegment> sealed = SealedSegment.list(root);
        assertEquals(1, sealed.size());
        assertEquals(new SealedSegment(sealed.get(0).file(), DISK, 1, 3, 0), sealed.get(0));
        assertEquals(List.of(1L, 2L, 3L), sequencesIn(sealed.get(0).file()));

        Files.delete(sealed.get(0).file()); // uploaded
        journal.close();
        DiskJournal reopened = CacheJournal.open(root, 1L << 30, 0).disk(DISK);
        assertEquals(3, reopened.durableSequence(), "a sequence the server held must never be accepted again");
    }

    @Test
    void unsyncedRecordsAreNotSealedAndYoungSegmentsWait() throws IOException {
        CacheJournal journal = CacheJournal.open(root, 1L << 30, 0);
        DiskJournal disk = journal.disk(DISK);
        append(disk, data(1));

        journal.sealDue(0, Duration.ZERO);
        assertTrue(SealedSegment.list(root).isEmpty());

        disk.sync(disk.generation());
        journal.sealDue(1L << 30, Duration.ofHours(1));
        assertTrue(SealedSegment.list(root).isEmpty());
    }

    @Test
    void aSegmentHoldingABookmarkIsSealedWithoutWaitingForItsAge() throws IOException {
        CacheJournal journal = CacheJournal.open(root, 1L << 30, 0);
        DiskJournal disk = journal.disk(DISK);
        append(disk, data(1));
        disk.sync(disk.generation());
        journal.sealDue(1L << 30, Duration.ofHours(1));
        assertTrue(SealedSegment.list(root).isEmpty(), "young, small, no bookmark: waits");

        append(disk, data(2), new BookmarkRecord(DISK, 3, 1003, "b-1", Consistency.CRASH_CONSISTENT));
        journal.sealDue(1L << 30, Duration.ofHours(1));
        assertTrue(SealedSegment.list(root).isEmpty(), "the bookmark is not durable yet");
        disk.sync(disk.generation());
        journal.sealDue(1L << 30, Duration.ofHours(1));

        List<SealedSegment> sealed = SealedSegment.list(root);
        assertEquals(1, sealed.size());
        assertEquals(List.of(1L, 2L, 3L), sequencesIn(sealed.get(0).file()));
        append(disk, data(4));
        disk.sync(disk.generation());
        journal.sealDue(1L << 30, Duration.ofHours(1));
        assertEquals(1, SealedSegment.list(root).size(), "the next segment waits again");
    }

    @Test
    void sequencesOnlyGrowButMaySkip() throws IOException {
        DiskJournal disk = CacheJournal.open(root, 1L << 30, 0).disk(DISK);
        append(disk, data(1), data(5));

        assertThrows(IllegalStateException.class, () -> append(disk, data(5)));
        assertEquals(5, disk.sync(disk.generation()));
    }

    @Test
    void aDiskIdThatCouldEscapeTheFolderIsRefused() throws IOException {
        CacheJournal journal = CacheJournal.open(root, 1L << 30, 0);

        assertThrows(IllegalArgumentException.class, () -> journal.disk("../../etc"));
    }

    @Test
    void theJournalIsNearlyFullAboveNinetyPercent() throws IOException {
        CacheJournal journal = CacheJournal.open(root, 10_000, 0);
        assertFalse(journal.nearlyFull());

        journal.grew(9_000);

        assertTrue(journal.nearlyFull());
        journal.measure();
        assertFalse(journal.nearlyFull());
    }

    @Test
    void theFloorFollowsTheFileSystemsFreeSpaceAtOnceAndKeepsRoomForBatchesInFlight() throws IOException {
        StubFileStore store = new StubFileStore(2L << 30);
        CacheJournal journal = CacheJournal.open(root, 1L << 40, 1L << 30, store);
        DiskJournal disk = journal.disk(DISK);
        assertFalse(journal.nearlyFull());

        store.usable = (1L << 30) - 1; // something else sharing the file system (Azurite) filled it
        assertTrue(journal.nearlyFull(), "seen at the next look, not at the next walk of the cache");

        store.usable = (1L << 30) + (16L << 20);
        assertFalse(journal.nearlyFull());
        append(disk, data(1)); // this disk's batch may still bring up to a batch's worth
        assertTrue(journal.nearlyFull());
        disk.sync(disk.generation());
        assertFalse(journal.nearlyFull());
    }

    /** A file system whose free space the test sets. */
    private static final class StubFileStore extends java.nio.file.FileStore {
        volatile long usable;

        StubFileStore(long usable) {
            this.usable = usable;
        }

        @Override
        public String name() {
            return "stub";
        }

        @Override
        public String type() {
            return "stub";
        }

        @Override
        public boolean isReadOnly() {
            return false;
        }

        @Override
        public long getTotalSpace() {
            return 4L << 30;
        }

        @Override
        public long getUsableSpace() {
            return usable;
        }

        @Override
        public long getUnallocatedSpace() {
            return usable;
        }

        @Override
        public boolean supportsFileAttributeView(Class<? extends java.nio.file.attribute.FileAttributeView> type) {
            return false;
        }

        @Override
        public boolean supportsFileAttributeView(String name) {
            return false;
        }

        @Override
        public <V extends java.nio.file.attribute.FileStoreAttributeView> V getFileStoreAttributeView(Class<V> type) {
            return null;
        }

        @Override
        public Object getAttribute(String attribute) {
            throw new UnsupportedOperationException(attribute);
        }
    }

    private static SyncRecord sync(long sequence) {
        return new SyncRecord(DISK, sequence, 5000);
    }

    static List<Long> sequencesIn(Path file) throws IOException {
        List<Long> sequences = new ArrayList<>();
        FrameReader reader = new FrameReader(new ByteArrayInputStream(Files.readAllBytes(file)));
        for (Optional<Frame> frame = reader.read(); frame.isPresent(); frame = reader.read()) {
            sequences.add(ChangeRecord.from(frame.get()).sequence());
        }
        return sequences;
    }
}
