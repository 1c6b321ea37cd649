package org.lifeboat.agent.replication;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lifeboat.agent.disk.DiskId;
import org.lifeboat.agent.tracking.BlockHasher;
import org.lifeboat.agent.tracking.BlockHashes;
import org.lifeboat.agent.tracking.BlockLayout;
import org.lifeboat.protocol.SyncRecord;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DiskStateTest {

    private static final DiskId DISK = DiskId.of("disk-1");
    private static final BlockLayout LAYOUT = BlockLayout.forDisk(1 << 20);

    @TempDir
    Path directory;

    @Test
    void startsAsTheServersNewSeedDisk() throws IOException {
        try (DiskState state = DiskState.open(directory, DISK, LAYOUT)) {
            assertArrayEquals(BlockHashes.zeros(LAYOUT).toArray(), state.acknowledgedCopy().toArray());
            assertEquals(Sequence.NONE, state.lastAssigned());
            assertFalse(state.initialComplete());
        }
    }

    @Test
    void persistsTheAcknowledgedMapAndSequences() throws IOException {
        long[] hashes;
        try (DiskState state = DiskState.open(directory, DISK, LAYOUT)) {
            Sequence first = state.assign(3, 2);
            state.acknowledged(new PendingRecord(syncRecord(first), 3, new long[] {11, 12}));
            state.acknowledgedThrough(first);
            state.markInitialComplete();
            state.write(state.snapshotIfChanged().orElseThrow());
            hashes = state.acknowledgedCopy().toArray();
        }

        try (DiskState reopened = DiskState.open(directory, DISK, LAYOUT)) {
            assertArrayEquals(hashes, reopened.acknowledgedCopy().toArray());
            assertEquals(11, reopened.acknowledgedCopy().get(3));
            assertEquals(Sequence.of(1), reopened.acknowledgedSequence());
            assertEquals(Sequence.of(1), reopened.lastAssigned());
            assertTrue(reopened.initialComplete());
        }
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(
                directory.resolve("acknowledged.map"))));
    }

    @Test
    void keepsTheBlocksOfAcknowledgedRecordsUntilTheyAreDurableInAzure() throws IOException {
        try (DiskState state = DiskState.open(directory, DISK, LAYOUT)) {
            Sequence first = state.assign(3, 2);
            Sequence second = state.assign(9, 1);
            state.acknowledged(new PendingRecord(syncRecord(first), 3, new long[] {11, 12}));
            state.acknowledged(new PendingRecord(syncRecord(second), 9, new long[] {13}));
            state.acknowledgedThrough(second);
            state.durableThrough(first);
            state.write(state.snapshotIfChanged().orElseThrow());
            assertEquals(LAYOUT.blockSize(), state.notDurableBytes());
        }

        try (DiskState reopened = DiskState.open(directory, DISK, LAYOUT)) {
            assertEquals(Sequence.of(1), reopened.durableSequence());
            assertEquals(13, reopened.acknowledgedCopy().get(9), "acknowledged blocks are not in flight");

            assertEquals(1, reopened.lostAfter(Sequence.of(1)));

            assertEquals(BlockHasher.UNKNOWN, reopened.acknowledgedCopy().get(9));
            assertEquals(11, reopened.acknowledgedCopy().get(3), "durable in Azure: kept");
            assertEquals(Sequence.of(1), reopened.acknowledgedSequence());
            assertEquals(Sequence.of(2), reopened.lastAssigned(), "sequences are never used twice");
        }
    }

    @Test
    void aDurabilityNoticeLetsTheIntentsGo() throws IOException {
        try (DiskState state = DiskState.open(directory, DISK, LAYOUT)) {
            Sequence first = state.assign(3, 2);
            state.acknowledged(new PendingRecord(syncRecord(first), 3, new long[] {11, 12}));
            state.acknowledgedThrough(first);
            state.durableThrough(first);
            state.write(state.snapshotIfChanged().orElseThrow());
            assertEquals(0, state.notDurableBytes());
        }
        assertEquals(0, Files.size(directory.resolve("inflight.log")));
        try (DiskState reopened = DiskState.open(directory, DISK, LAYOUT)) {
            assertEquals(0, reopened.lostAfter(Sequence.of(1)));
            assertEquals(11, reopened.acknowledgedCopy().get(3));
        }
    }

    @Test
    void theKeptIntentsAreBoundedAndStillCoverEveryBlock() throws IOException {
        BlockLayout big = BlockLayout.forDisk(1L << 30);
        int records = InflightLog.MAX_ENTRIES + 10;
        try (DiskState state = DiskState.open(directory, DISK, big)) {
            for (int i = 0; i < records; i++) {
                state.assign(i % big.blockCount(), 1);
            }
            state.acknowledgedThrough(state.lastAssigned());
            state.write(state.snapshotIfChanged().orElseThrow());
            assertTrue(Files.size(directory.resolve("inflight.log")) <= 20L * InflightLog.MAX_ENTRIES);
        }
        try (DiskState reopened = DiskState.open(directory, DISK, big)) {
            reopened.lostAfter(Sequence.NONE);
            for (int block = 0; block < Math.min(records, big.blockCount()); block++) {
                assertEquals(BlockHasher.UNKNOWN, reopened.acknowledgedCopy().get(block), "block " + block);
            }
            assertEquals(Sequence.of(records), reopened.lastAssigned());
        }
    }

    @Test
    void writesAnUnchangedStateOnlyOnce() throws IOException {
        try (DiskState state = DiskState.open(directory, DISK, LAYOUT)) {
            state.write(state.snapshotIfChanged().orElseThrow());
            assertTrue(state.snapshotIfChanged().isEmpty());

            state.acknowledgedThrough(state.assign(0, 0));

            assertTrue(state.snapshotIfChanged().isPresent());
        }
    }

    @Test
    void afterACrashForgetsTheBlocksOfRecordsInFlightAndNeverReusesTheirSequences() throws IOException {
        try (DiskState state = DiskState.open(directory, DISK, LAYOUT)) {
            state.write(state.snapshotIfChanged().orElseThrow());
            state.assign(5, 3);
            Sequence bookmark = state.assign(0, 0);
            state.makeIntentDurable(bookmark);
            // Killed here: no checkpoint covers sequences 1 and 2.
        }

        try (DiskState reopened = DiskState.open(directory, DISK, LAYOUT)) {
            BlockHashes acknowledged = reopened.acknowledgedCopy();
            assertEquals(BlockHasher.UNKNOWN, acknowledged.get(5));
            assertEquals(BlockHasher.UNKNOWN, acknowledged.get(7));
            assertEquals(BlockHashes.zeros(LAYOUT).get(8), acknowledged.get(8));
            assertEquals(Sequence.of(2), reopened.lastAssigned());
        }
    }

    @Test
    void ignoresATornLastIntent() throws IOException {
        try (DiskState state = DiskState.open(directory, DISK, LAYOUT)) {
            state.assign(1, 1);
        }
        Files.write(directory.resolve("inflight.log"), new byte[] {0, 0, 0, 0, 0, 0, 0, 9, 1}, StandardOpenOption.APPEND);

        try (DiskState reopened = DiskState.open(directory, DISK, LAYOUT)) {
            assertEquals(Sequence.of(1), reopened.lastAssigned());
            assertEquals(BlockHasher.UNKNOWN, reopened.acknowledgedCopy().get(1));
        }
    }

    @Test
    void sendsEverythingAgainWhenTheMapIsCorrupt() throws IOException {
        try (DiskState state = DiskState.open(directory, DISK, LAYOUT)) {
            state.write(state.snapshotIfChanged().orElseThrow());
        }
        byte[] map = Files.readAllBytes(directory.resolve("acknowledged.map"));
        map[60] ^= 1;
        Files.write(directory.resolve("acknowledged.map"), map);

        try (DiskState reopened = DiskState.open(directory, DISK, LAYOUT)) {
            assertArrayEquals(BlockHashes.unknown(LAYOUT).toArray(), reopened.acknowledgedCopy().toArray());
        }
    }

    @Test
    void refusesADiskWhoseSizeChanged() throws IOException {
        try (DiskState state = DiskState.open(directory, DISK, LAYOUT)) {
            state.write(state.snapshotIfChanged().orElseThrow());
        }

        IOException failure = assertThrows(IOException.class,
                () -> DiskState.open(directory, DISK, BlockLayout.forDisk(2 << 20)));
        assertEquals("disk disk-1 was 1048576 bytes when last replicated and is 2097152 bytes now", failure.getMessage());
    }

    private static SyncRecord syncRecord(Sequence sequence) {
        return new SyncRecord(DISK.value(), sequence.value(), 1);
    }
}
