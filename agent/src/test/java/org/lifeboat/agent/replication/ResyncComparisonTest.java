package org.lifeboat.agent.replication;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lifeboat.agent.disk.DiskId;
import org.lifeboat.agent.tracking.BlockHasher;
import org.lifeboat.agent.tracking.BlockHashes;
import org.lifeboat.agent.tracking.BlockLayout;
import org.lifeboat.agent.tracking.DataChange;
import org.lifeboat.agent.tracking.DiskScanner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ResyncComparisonTest {

    private static final DiskId DISK = DiskId.of("disk-1");
    /** 16 whole blocks of 64 KiB and a short last one of 4 KiB. */
    private static final long SIZE = (16L << 16) + 4096;
    private static final BlockLayout LAYOUT = BlockLayout.forDisk(SIZE);

    @TempDir
    Path directory;

    @Test
    void findsExactlyTheBlocksTheSeedHoldsDifferently() throws IOException {
        byte[] disk = randomDisk();
        byte[] seed = disk.clone();
        seed[3 * 65536 + 17] ^= 1;        // one bit in block 3
        seed[(int) SIZE - 1] ^= (byte) 0x80; // the last, short block
        Path image = write(disk);

        ResyncComparison.Result result;
        try (FileChannel channel = FileChannel.open(image, StandardOpenOption.READ)) {
            result = ResyncComparison.compare(channel, LAYOUT, new ByteArrayInputStream(checksums(seed)));
        }

        assertEquals(17, result.comparedBlocks());
        assertEquals(2, result.differingBlocks());
        assertTrue(result.differing().get(3) && result.differing().get(16), result.differing().toString());
    }

    @Test
    void anIdenticalSeedDiffersNowhere() throws IOException {
        byte[] disk = randomDisk();
        try (FileChannel channel = FileChannel.open(write(disk), StandardOpenOption.READ)) {
            assertEquals(0, ResyncComparison.compare(channel, LAYOUT, new ByteArrayInputStream(checksums(disk)))
                    .differingBlocks());
        }
    }

    @Test
    void checksumsThatEndEarlyAreAnError() throws IOException {
        byte[] disk = randomDisk();
        byte[] all = checksums(disk);
        byte[] short_ = java.util.Arrays.copyOf(all, all.length - 8);
        try (FileChannel channel = FileChannel.open(write(disk), StandardOpenOption.READ)) {
            assertThrows(EOFException.class,
                    () -> ResyncComparison.compare(channel, LAYOUT, new ByteArrayInputStream(short_)));
        }
    }

    /** What the resync hands to the scanner: the differing blocks, and only those, are sent again. */
    @Test
    void theScannerSendsOnlyTheForgottenBlocksAgain() throws Exception {
        byte[] disk = randomDisk();
        Path image = write(disk);
        Outbox outbox = new Outbox(1 << 30);
        try (DiskState state = DiskState.open(directory.resolve("state"), DISK, LAYOUT)) {
            // the server acknowledged the whole disk as it is
            state.replaceAcknowledged(BlockHashes.of(hashes(disk)), Sequence.of(5));
            state.markInitialComplete();
            outbox.add(state);
            BitSet differing = new BitSet();
            differing.set(3);
            differing.set(9);

            outbox.resend(DISK, differing);

            assertTrue(outbox.resyncRequested(DISK));
            BlockHashes restart = outbox.takeResync(DISK).orElseThrow();
            List<DataChange> changes = new ArrayList<>();
            try (FileChannel channel = FileChannel.open(image, StandardOpenOption.READ)) {
                new DiskScanner(channel, LAYOUT, restart).scan(changes::add, () -> false);
            }
            assertEquals(2, changes.size(), changes.toString());
            assertEquals(3, changes.get(0).firstBlock());
            assertEquals(9, changes.get(1).firstBlock());
            assertTrue(state.initialComplete(), "a resync does not restart initial replication");
            assertEquals(Sequence.of(5), state.acknowledgedSequence(), "sequences are untouched");
        }
    }

    /** The server's BlockChecksumsTest asserts the same value: both sides must hash alike. */
    @Test
    void aBlockHashesToTheValueTheServerComputes() {
        byte[] block = new byte[65536];
        for (int i = 0; i < block.length; i++) {
            block[i] = (byte) i;
        }
        assertEquals(0x9036352ff339db2bL, new BlockHasher(65536).hash(block, 0, block.length));
    }

    private static byte[] randomDisk() {
        byte[] disk = new byte[(int) SIZE];
        new Random(42).nextBytes(disk);
        return disk;
    }

    private Path write(byte[] disk) throws IOException {
        Path image = Files.createTempFile(directory, "disk", ".img");
        Files.write(image, disk);
        return image;
    }

    private static long[] hashes(byte[] image) {
        BlockHasher hasher = new BlockHasher(LAYOUT.blockSize());
        long[] hashes = new long[LAYOUT.blockCount()];
        for (int block = 0; block < hashes.length; block++) {
            hashes[block] = hasher.hash(image, (int) LAYOUT.offset(block), LAYOUT.length(block));
        }
        return hashes;
    }

    private static byte[] checksums(byte[] image) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        for (long hash : hashes(image)) {
            out.writeLong(hash);
        }
        return bytes.toByteArray();
    }
}
