package org.lifeboat.agent.tracking;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lifeboat.agent.tracking.trace.DirtyBlocks;
import org.lifeboat.protocol.ProtocolLimits;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DiskScannerTest {

    private static final int BLOCK = 64 * 1024;
    private static final int MIB = 1 << 20;

    @TempDir
    Path directory;

    private final Random random = new Random(42);

    @Test
    void sendsNothingOfAnAllZeroDisk() throws Exception {
        Path disk = disk(8 * MIB);

        BlockLayout layout = BlockLayout.forDisk(8 * MIB);

        assertEquals(List.of(), scanOnce(disk, layout, BlockHashes.zeros(layout)));
    }

    @Test
    void sendsOnlyTheBlocksThatAreNotZero() throws Exception {
        Path disk = disk(8 * MIB);
        write(disk, 3L * BLOCK, randomBytes(BLOCK));
        write(disk, 100L * BLOCK + 512, randomBytes(512));

        BlockLayout layout = BlockLayout.forDisk(8 * MIB);
        List<DataChange> changes = scanOnce(disk, layout, BlockHashes.zeros(layout));

        assertEquals(2, changes.size());
        assertEquals(3L * BLOCK, changes.get(0).offset());
        assertEquals(BLOCK, changes.get(0).length());
        assertEquals(100L * BLOCK, changes.get(1).offset());
        assertArrayEquals(read(disk, 100L * BLOCK, BLOCK), changes.get(1).data());
    }

    @Test
    void findsABlockChangedSinceTheLastPass() throws Exception {
        Path disk = disk(8 * MIB);
        write(disk, 0, randomBytes(2 * MIB));
        BlockLayout layout = BlockLayout.forDisk(8 * MIB);
        BlockHashes sent = BlockHashes.zeros(layout);
        try (FileChannel channel = FileChannel.open(disk, StandardOpenOption.READ)) {
            DiskScanner scanner = new DiskScanner(channel, layout, sent);
            scanner.scan(change -> { }, () -> false);

            write(disk, 17L * BLOCK + 4096, randomBytes(512));
            List<DataChange> changes = new ArrayList<>();
            ScanPass pass = scanner.scan(changes::add, () -> false);

            assertTrue(pass.complete());
            assertEquals(1, changes.size());
            assertEquals(17L * BLOCK, changes.get(0).offset());
            assertEquals(17, changes.get(0).firstBlock());
            assertArrayEquals(read(disk, 17L * BLOCK, BLOCK), changes.get(0).data());
            assertEquals(List.of(), scanOnce(channel, layout, sent));
        }
    }

    @Test
    void comparesOnlyTheBlocksATrackerSawWrittenAndJoinsOnlyNeighbours() throws Exception {
        Path disk = disk(8 * MIB);
        BlockLayout layout = BlockLayout.forDisk(8 * MIB);
        BlockHashes sent = BlockHashes.zeros(layout);
        write(disk, 5L * BLOCK, randomBytes(3 * BLOCK)); // blocks 5, 6, 7
        write(disk, 40L * BLOCK, randomBytes(BLOCK)); // block 40: changed, but not selected
        try (FileChannel channel = FileChannel.open(disk, StandardOpenOption.READ)) {
            DiskScanner scanner = new DiskScanner(channel, layout, sent);
            java.util.BitSet only = new java.util.BitSet();
            only.set(5);
            only.set(7);
            only.set(9); // selected, unchanged: compared, not sent
            List<DataChange> changes = new ArrayList<>();

            ScanPass pass = scanner.scan(changes::add, () -> false, only);

            assertTrue(pass.complete());
            assertEquals(List.of(5L * BLOCK, 7L * BLOCK), changes.stream().map(DataChange::offset).toList());
            assertArrayEquals(read(disk, 7L * BLOCK, BLOCK), changes.get(1).data());
            assertEquals(List.of(6L * BLOCK, 40L * BLOCK), scanOnce(channel, layout, sent).stream()
                    .map(DataChange::offset).toList(), "a full pass finds what the selection left");
        }
    }

    @Test
    void coalescesAdjacentBlocksIntoAlignedRecordsOfAtMost4Mib() throws Exception {
        Path disk = disk(16 * MIB);
        byte[] content = randomBytes(10 * MIB);
        write(disk, MIB, content);

        BlockLayout layout = BlockLayout.forDisk(16 * MIB);
        List<DataChange> changes = scanOnce(disk, layout, BlockHashes.zeros(layout));

        assertEquals(List.of(4 * MIB, 4 * MIB, 2 * MIB), changes.stream().map(DataChange::length).toList());
        long offset = MIB;
        for (DataChange change : changes) {
            assertEquals(offset, change.offset());
            assertEquals(0, change.offset() % ProtocolLimits.SECTOR);
            assertEquals(change.length() / BLOCK, change.blockCount());
            assertEquals(change.blockCount(), change.completedHashes().length);
            assertArrayEquals(Arrays.copyOfRange(content, (int) (offset - MIB), (int) (offset - MIB) + change.length()),
                    change.data());
            offset += change.length();
        }
    }

    @Test
    void cutsABlockLargerThanARecordIntoPiecesAndConfirmsItWithTheLast() throws Exception {
        Path disk = disk(16 * MIB);
        write(disk, 8 * MIB, randomBytes(8 * MIB));
        BlockLayout layout = new BlockLayout(16 * MIB, 8 * MIB);

        List<DataChange> changes = scanOnce(disk, layout, BlockHashes.zeros(layout));

        assertEquals(2, changes.size());
        assertEquals(List.of(8L * MIB, 12L * MIB), changes.stream().map(DataChange::offset).toList());
        assertEquals(0, changes.get(0).completedHashes().length);
        assertEquals(1, changes.get(1).completedHashes().length);
        assertEquals(1, changes.get(1).firstBlock());
    }

    @Test
    void aTraced4KibWriteIsReadAndSentAs4KibAndItsBlockBecomesUnknownToTheVerifier() throws Exception {
        Path disk = disk(8 * MIB);
        BlockLayout layout = BlockLayout.forDisk(8 * MIB);
        BlockLayout extents = BlockLayout.forTracedWrites(8 * MIB);
        BlockHashes sent = BlockHashes.zeros(layout);
        byte[] written = randomBytes(4096);
        write(disk, 17L * BLOCK + 4096, written);
        DirtyBlocks dirty = new DirtyBlocks(extents);
        dirty.markSectors((17L * BLOCK + 4096) / 512, 8);
        try (FileChannel channel = FileChannel.open(disk, StandardOpenOption.READ)) {
            DiskScanner scanner = new DiskScanner(channel, layout, sent);
            List<DataChange> changes = new ArrayList<>();

            ScanPass pass = scanner.sendWritten(changes::add, () -> false, dirty.take(), extents);

            assertTrue(pass.complete());
            assertEquals(4096, pass.changedBytes());
            assertEquals(1, changes.size());
            assertEquals(17L * BLOCK + 4096, changes.get(0).offset());
            assertArrayEquals(written, changes.get(0).data());
            assertEquals(17, changes.get(0).firstBlock());
            assertArrayEquals(new long[] {BlockHasher.UNKNOWN}, changes.get(0).completedHashes());
            List<DataChange> verified = scanOnce(channel, layout, sent);
            assertEquals(List.of(17L * BLOCK), verified.stream().map(DataChange::offset).toList(),
                    "a full compare after a gap sends the partly sent block whole");
            assertEquals(BLOCK, verified.get(0).length());
        }
    }

    @Test
    void joinsAdjacentTracedExtentsAcrossBlocksAndHashesTheBlocksTheyCoverWhole() throws Exception {
        Path disk = disk(8 * MIB);
        BlockLayout layout = BlockLayout.forDisk(8 * MIB);
        BlockLayout extents = BlockLayout.forTracedWrites(8 * MIB);
        BlockHashes sent = BlockHashes.zeros(layout);
        long start = 5L * BLOCK - 8192; // the last two extents of block 4, then blocks 5 and 6 whole
        byte[] content = randomBytes(8192 + 2 * BLOCK);
        write(disk, start, content);
        write(disk, 30L * BLOCK, randomBytes(4096)); // written, but not traced: the verifier's part
        DirtyBlocks dirty = new DirtyBlocks(extents);
        dirty.markSectors(start / 512, content.length / 512);
        dirty.markSectors(40L * BLOCK / 512, BLOCK / 512); // traced but rewritten unchanged (zeros): not sent
        try (FileChannel channel = FileChannel.open(disk, StandardOpenOption.READ)) {
            List<DataChange> changes = new ArrayList<>();

            new DiskScanner(channel, layout, sent).sendWritten(changes::add, () -> false, dirty.take(), extents);

            assertEquals(1, changes.size(), changes.stream().map(DataChange::offset).toList().toString());
            DataChange change = changes.get(0);
            assertEquals(start, change.offset());
            assertArrayEquals(content, change.data());
            assertEquals(4, change.firstBlock());
            assertEquals(3, change.blockCount());
            assertEquals(BlockHasher.UNKNOWN, change.completedHashes()[0]);
            BlockHasher hasher = new BlockHasher(BLOCK);
            assertEquals(hasher.hash(read(disk, 5L * BLOCK, BLOCK), 0, BLOCK), change.completedHashes()[1]);
            assertEquals(hasher.hash(read(disk, 6L * BLOCK, BLOCK), 0, BLOCK), change.completedHashes()[2]);
            assertEquals(List.of(4L * BLOCK, 30L * BLOCK), scanOnce(channel, layout, sent).stream()
                    .map(DataChange::offset).toList(), "blocks 5 and 6 are known to be sent; 4 is not");
        }
    }

    @Test
    void cutsATracedRunLongerThanARecordOnABlockBoundary() throws Exception {
        Path disk = disk(16 * MIB);
        BlockLayout layout = BlockLayout.forDisk(16 * MIB);
        BlockLayout extents = BlockLayout.forTracedWrites(16 * MIB);
        byte[] content = randomBytes(6 * MIB);
        write(disk, 4096, content);
        DirtyBlocks dirty = new DirtyBlocks(extents);
        dirty.markSectors(4096 / 512, content.length / 512);
        try (FileChannel channel = FileChannel.open(disk, StandardOpenOption.READ)) {
            List<DataChange> changes = new ArrayList<>();

            new DiskScanner(channel, layout, BlockHashes.zeros(layout))
                    .sendWritten(changes::add, () -> false, dirty.take(), extents);

            assertEquals(List.of(4096L, 4L * MIB), changes.stream().map(DataChange::offset).toList());
            assertEquals(List.of(4 * MIB - 4096, 2 * MIB + 4096), changes.stream().map(DataChange::length).toList());
            for (DataChange change : changes) {
                assertTrue(change.length() <= ProtocolLimits.MAX_DATA_BYTES);
                assertEquals(change.blockCount(), change.completedHashes().length);
                assertArrayEquals(Arrays.copyOfRange(content, (int) change.offset() - 4096,
                        (int) change.offset() - 4096 + change.length()), change.data());
            }
        }
    }

    @Test
    void extentsNoFinerThanTheBlocksAreComparedAsBlocks() throws Exception {
        Path disk = disk(8 * MIB);
        BlockLayout layout = BlockLayout.forDisk(8 * MIB);
        write(disk, 3L * BLOCK + 512, randomBytes(512));
        java.util.BitSet written = new java.util.BitSet();
        written.set(3);
        written.set(9); // unchanged: compared, not sent
        try (FileChannel channel = FileChannel.open(disk, StandardOpenOption.READ)) {
            List<DataChange> changes = new ArrayList<>();

            new DiskScanner(channel, layout, BlockHashes.zeros(layout)).sendWritten(changes::add, () -> false, written, layout);

            assertEquals(List.of(3L * BLOCK), changes.stream().map(DataChange::offset).toList());
            assertEquals(BLOCK, changes.get(0).length());
        }
    }

    @Test
    void treatsAnUnknownBlockAsChangedEvenWhenItIsZero() throws Exception {
        Path disk = disk(MIB);

        BlockLayout layout = BlockLayout.forDisk(MIB);
        List<DataChange> changes = scanOnce(disk, layout, BlockHashes.unknown(layout));

        assertEquals(1, changes.size());
        assertEquals(MIB, changes.get(0).length());
    }

    @Test
    void stopsWhenTheOwnerAbandonsThePass() throws Exception {
        Path disk = disk(MIB);
        write(disk, 0, randomBytes(MIB));
        BlockLayout layout = BlockLayout.forDisk(MIB);
        try (FileChannel channel = FileChannel.open(disk, StandardOpenOption.READ)) {
            ScanPass pass = new DiskScanner(channel, layout, BlockHashes.zeros(layout)).scan(change -> { }, () -> true);

            assertFalse(pass.complete());
            assertEquals(0, pass.changes());
        }
    }

    @Test
    void readsAPassesRunsInParallelAndHandsThemOnInDiskOrder() throws Exception {
        Path disk = disk(8 * MIB);
        BlockLayout layout = BlockLayout.forDisk(8 * MIB);
        BlockLayout extents = BlockLayout.forTracedWrites(8 * MIB);
        DirtyBlocks dirty = new DirtyBlocks(extents);
        List<Long> offsets = new ArrayList<>();
        for (int i = 0; i < 40; i++) { // 40 runs of 4 KiB, 8 KiB apart: none joins another
            long offset = 3L * BLOCK + i * 3L * 4096;
            write(disk, offset, randomBytes(4096));
            dirty.markSectors(offset / 512, 8);
            offsets.add(offset);
        }
        java.util.BitSet written = dirty.take();
        List<DataChange> oneByOne = new ArrayList<>();
        try (FileChannel channel = FileChannel.open(disk, StandardOpenOption.READ)) {
            new DiskScanner(channel, layout, BlockHashes.zeros(layout), 1)
                    .sendWritten(oneByOne::add, () -> false, written, extents);
        }
        try (SlowReads channel = new SlowReads(FileChannel.open(disk, StandardOpenOption.READ), offsets.get(0), 300)) {
            List<DataChange> changes = new ArrayList<>();

            ScanPass pass = new DiskScanner(channel, layout, BlockHashes.zeros(layout), 4)
                    .sendWritten(changes::add, () -> false, written, extents);

            assertTrue(pass.complete());
            assertEquals(offsets, changes.stream().map(DataChange::offset).toList(), "handed on in disk order");
            assertEquals(offsets.size(), oneByOne.size());
            for (int i = 0; i < offsets.size(); i++) {
                assertArrayEquals(oneByOne.get(i).data(), changes.get(i).data());
                assertArrayEquals(oneByOne.get(i).completedHashes(), changes.get(i).completedHashes());
            }
            assertEquals(4, channel.mostInFlight(), "reads in flight at once");
            assertTrue(channel.finished.indexOf(offsets.get(0)) > 0,
                    "the slow first read finished after later ones: " + channel.finished);
        }
    }

    @Test
    void anAbandonedParallelPassHandsOnWhatItReadAndStops() throws Exception {
        Path disk = disk(8 * MIB);
        BlockLayout layout = BlockLayout.forDisk(8 * MIB);
        BlockLayout extents = BlockLayout.forTracedWrites(8 * MIB);
        DirtyBlocks dirty = new DirtyBlocks(extents);
        for (int i = 0; i < 20; i++) {
            long offset = i * 2L * BLOCK;
            write(disk, offset, randomBytes(4096));
            dirty.markSectors(offset / 512, 8);
        }
        int[] asked = {0};
        try (FileChannel channel = FileChannel.open(disk, StandardOpenOption.READ)) {
            List<DataChange> changes = new ArrayList<>();

            ScanPass pass = new DiskScanner(channel, layout, BlockHashes.zeros(layout), 4)
                    .sendWritten(changes::add, () -> ++asked[0] > 6, dirty.take(), extents);

            assertFalse(pass.complete());
            assertEquals(List.of(0L, 2L * BLOCK, 4L * BLOCK, 6L * BLOCK, 8L * BLOCK, 10L * BLOCK),
                    changes.stream().map(DataChange::offset).toList(), "the six runs started, in order, and no more");
            assertEquals(6, pass.changes());
        }
    }

    @Test
    void aReadFailingInAReaderFailsThePass() throws Exception {
        Path disk = disk(8 * MIB);
        BlockLayout layout = BlockLayout.forDisk(16 * MIB); // registered larger than the file: reads past its end
        BlockLayout extents = BlockLayout.forTracedWrites(16 * MIB);
        DirtyBlocks dirty = new DirtyBlocks(extents);
        dirty.markSectors(0, 8);
        dirty.markSectors(12L * MIB / 512, 8);
        try (FileChannel channel = FileChannel.open(disk, StandardOpenOption.READ)) {
            List<DataChange> changes = new ArrayList<>();
            DiskScanner scanner = new DiskScanner(channel, layout, BlockHashes.zeros(layout), 4);

            java.io.EOFException failed = org.junit.jupiter.api.Assertions.assertThrows(java.io.EOFException.class,
                    () -> scanner.sendWritten(changes::add, () -> false, dirty.take(), extents));

            assertEquals("the disk ends at " + 12 * MIB + " bytes, before its registered size of " + 16 * MIB,
                    failed.getMessage());
            assertEquals(List.of(0L), changes.stream().map(DataChange::offset).toList(),
                    "the run before the failing one is handed on, nothing after it");
        }
    }

    private static List<DataChange> scanOnce(Path disk, BlockLayout layout, BlockHashes sent)
            throws IOException, InterruptedException {
        try (FileChannel channel = FileChannel.open(disk, StandardOpenOption.READ)) {
            return scanOnce(channel, layout, sent);
        }
    }

    private static List<DataChange> scanOnce(FileChannel channel, BlockLayout layout, BlockHashes sent)
            throws IOException, InterruptedException {
        List<DataChange> changes = new ArrayList<>();
        new DiskScanner(channel, layout, sent).scan(changes::add, () -> false);
        return changes;
    }

    private Path disk(int size) throws IOException {
        Path disk = Files.createTempFile(directory, "disk", ".img");
        try (FileChannel channel = FileChannel.open(disk, StandardOpenOption.WRITE)) {
            channel.truncate(0);
            channel.write(ByteBuffer.wrap(new byte[1]), size - 1);
        }
        return disk;
    }

    private byte[] randomBytes(int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }

    private static void write(Path disk, long offset, byte[] data) throws IOException {
        try (FileChannel channel = FileChannel.open(disk, StandardOpenOption.WRITE)) {
            channel.write(ByteBuffer.wrap(data), offset);
        }
    }

    private static byte[] read(Path disk, long offset, int length) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(length);
        try (FileChannel channel = FileChannel.open(disk, StandardOpenOption.READ)) {
            channel.read(buffer, offset);
        }
        return buffer.array();
    }
}
