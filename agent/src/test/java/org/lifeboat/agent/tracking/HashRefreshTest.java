package org.lifeboat.agent.tracking;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The rules of the hash refresh, driven as the disk's replicator drives it: the in-flight sample and the marker,
 * then the pass sending the extents written (4 KiB extents in 64 KiB hashed blocks), then the refresh in the idle
 * time. What the "server" holds is the bytes the passes sent; after a gap, the full compare must send every block
 * whose bytes differ from those.
 */
class HashRefreshTest {

    private static final int BLOCK = 64 * 1024;
    private static final int EXTENT = 4096;
    private static final int SIZE = 1 << 20;
    private static final long FAR = Long.MAX_VALUE;

    @TempDir
    Path directory;

    private final Random random = new Random(14);
    private final BlockLayout layout = BlockLayout.forDisk(SIZE);
    private final BlockLayout extents = BlockLayout.forTracedWrites(SIZE);
    private final byte[] server = new byte[SIZE];
    private Path disk;
    private FileChannel channel;
    private DiskScanner scanner;
    private HashRefresh refresh;

    @BeforeEach
    void aDiskWithABlockSentInPart() throws IOException, InterruptedException {
        disk = directory.resolve("disk.img");
        write(0, randomBytes(SIZE));
        channel = FileChannel.open(disk, StandardOpenOption.READ);
        scanner = new DiskScanner(channel, layout, BlockHashes.unknown(layout));
        scanner.scan(this::apply, () -> false); // the last full compare: every hash known
        refresh = new HashRefresh(scanner, extents, 16L << 20);
        pass(written(5 * BLOCK + EXTENT, randomBytes(EXTENT))); // block 5 sent in part: its hash unknown
        assertEquals(BlockHasher.UNKNOWN, scanner.sentHash(5));
    }

    @AfterEach
    void close() throws IOException {
        channel.close();
    }

    @Test
    void aRefreshedHashSavesTheResendOfABlockSentInPart() throws Exception {
        assertEquals(BLOCK, refresh.readIdle(0, FAR, () -> false), "only block 5's hash is unknown");

        List<HashRefresh.Refreshed> taken = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            refresh.beforeMarker(0);
            taken.addAll(pass(new BitSet()));
        }

        assertEquals(List.of(new HashRefresh.Refreshed(5, scanner.sentHash(5))), taken);
        assertEquals(0, fullCompare(), "the gap's full compare sends nothing: the server holds every byte");
        assertServerHoldsTheDisk();
    }

    @Test
    void withoutTheRefreshTheGapsCompareSendsTheBlockWhole() throws Exception {
        for (int i = 0; i < 2; i++) {
            refresh.beforeMarker(0);
            pass(new BitSet());
        }

        assertEquals(BLOCK, fullCompare());
        assertServerHoldsTheDisk();
    }

    @Test
    void aHashReadBeforeAGapIsNeverTaken() throws Exception {
        write(5 * BLOCK + 8 * EXTENT, randomBytes(EXTENT)); // lost from the trace: the gap
        refresh.readIdle(0, FAR, () -> false); // reads the lost write too
        refresh.beforeMarker(0);
        refresh.gap(); // the next marker tells of the gap

        for (int i = 0; i < 2; i++) {
            refresh.beforeMarker(0);
            assertEquals(List.of(), pass(new BitSet()));
        }

        assertEquals(BlockHasher.UNKNOWN, scanner.sentHash(5));
        assertEquals(BLOCK, fullCompare(), "the write lost from the trace reaches the server");
        assertServerHoldsTheDisk();
    }

    @Test
    void aWriteBetweenTheRefreshsReadAndItsMarkerDropsTheHash() throws Exception {
        byte[] before = read(5 * BLOCK + 2 * EXTENT, EXTENT);
        refresh.readIdle(0, FAR, () -> false);
        BitSet written = written(5 * BLOCK + 2 * EXTENT, randomBytes(EXTENT)); // traced, after the read
        refresh.beforeMarker(0);
        assertEquals(List.of(), pass(written));
        refresh.beforeMarker(0);
        assertEquals(List.of(), pass(new BitSet()), "the hash of the bytes before the write is dropped");
        assertEquals(BlockHasher.UNKNOWN, scanner.sentHash(5));

        write(5 * BLOCK + 2 * EXTENT, before); // the block as it was read, lost from the trace in a gap
        refresh.gap();
        assertEquals(BLOCK, fullCompare(), "the server holds the write, not the bytes the refresh read");
        assertServerHoldsTheDisk();
    }

    @Test
    void aHashIsTakenOnlyAfterTheDiskHadNoWriteInFlight() throws Exception {
        refresh.readIdle(0, FAR, () -> false);
        for (int i = 0; i < 4; i++) {
            refresh.beforeMarker(i % 2 == 0 ? 1 : -1); // a write in flight, or the kernel does not say
            assertEquals(List.of(), pass(new BitSet()));
        }
        refresh.beforeMarker(0);
        assertEquals(List.of(), pass(new BitSet()), "a whole pass after the quiet moment, not at once");
        refresh.beforeMarker(1);
        assertEquals(1, pass(new BitSet()).size());
    }

    /**
     * Hashes read in two rounds, the first taken while the second still waits: each block gets its own hash. (The
     * pending hashes are a sorted tree; removing an entry with two children moved the next block's hash into the
     * entry still being read, and a restart then sent a third of a 64 MiB disk again: TraceTrackerIT in CI.)
     */
    @Test
    void hashesTakenWhileOthersWaitAreEachTheirOwnBlocks() throws Exception {
        int half = layout.blockCount() / 2;
        for (int block = half; block < layout.blockCount(); block++) {
            pass(written(layout.offset(block) + EXTENT, randomBytes(EXTENT))); // sent in part
        }
        HashRefresh fast = new HashRefresh(scanner, extents, 1L << 40); // no rate limit within the test
        refresh = fast;
        fast.readIdle(0, FAR, () -> false); // the first round: the upper half (and block 5)
        fast.beforeMarker(0);
        BitSet lower = new BitSet();
        for (int block = 0; block < half; block++) {
            lower.or(written(layout.offset(block) + 2 * EXTENT, randomBytes(EXTENT)));
        }
        assertEquals(List.of(), pass(lower)); // block 5's hash dropped, the lower half sent in part
        fast.readIdle(0, FAR, () -> false); // the second round: the lower half, from the start again
        fast.beforeMarker(-1); // not settled at the next marker
        List<HashRefresh.Refreshed> taken = new ArrayList<>(pass(new BitSet()));
        assertEquals(half, taken.size(), "the upper half's, while the lower half's wait");
        for (int i = 0; i < 2; i++) {
            fast.beforeMarker(0);
            taken.addAll(pass(new BitSet()));
        }

        BlockHasher hasher = new BlockHasher(BLOCK);
        for (HashRefresh.Refreshed hash : taken) {
            assertEquals(hasher.hash(read(layout.offset(hash.block()), BLOCK), 0, BLOCK), hash.hash(),
                    "the hash taken for block " + hash.block());
        }
        assertEquals(layout.blockCount(), taken.size());
        assertEquals(0, fullCompare(), "the gap's full compare sends nothing");
        assertServerHoldsTheDisk();
    }

    @Test
    void aBusyDiskGetsNoRefreshAndAQuietOneAtMostItsRate() throws Exception {
        assertEquals(0, refresh.readIdle(1 << 20, FAR, () -> false), "a pass that read 1 MiB leaves none of 16 MiB/s");
        assertEquals(0, refresh.readIdle(0, System.nanoTime(), () -> false), "no idle time left");
        assertEquals(0, refresh.readIdle(0, FAR, () -> true), "a bookmark or a resync waits");
        assertEquals(0, new HashRefresh(scanner, extents, 0).readIdle(0, FAR, () -> false), "switched off");

        for (int block = 0; block < layout.blockCount(); block += 2) {
            pass(written(layout.offset(block), randomBytes(EXTENT)));
        }
        HashRefresh slow = new HashRefresh(scanner, extents, 4L * BLOCK);
        assertEquals(4 * BLOCK, slow.readIdle(0, FAR, () -> false), "4 blocks a second, of 9 unknown: a second's worth");
        assertEquals(0, slow.readIdle(0, FAR, () -> false), "and then nothing at once");
    }

    /** As the replicator: the marker's bitmap to the refresh, then the pass sends the extents written. */
    private List<HashRefresh.Refreshed> pass(BitSet written) throws IOException, InterruptedException {
        List<HashRefresh.Refreshed> taken = refresh.atMarker(written);
        scanner.sendWritten(this::apply, () -> false, written, extents);
        return taken;
    }

    private long fullCompare() throws IOException, InterruptedException {
        return scanner.scan(this::apply, () -> false).changedBytes();
    }

    private void apply(DataChange change) {
        System.arraycopy(change.data(), 0, server, (int) change.offset(), change.length());
    }

    private void assertServerHoldsTheDisk() throws IOException {
        assertArrayEquals(read(0, SIZE), server);
    }

    /** Writes and returns the extents a trace would mark. */
    private BitSet written(long offset, byte[] data) throws IOException {
        write(offset, data);
        BitSet written = new BitSet();
        written.set((int) (offset / EXTENT), (int) ((offset + data.length - 1) / EXTENT) + 1);
        return written;
    }

    private void write(long offset, byte[] data) throws IOException {
        try (FileChannel out = FileChannel.open(disk, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            out.write(ByteBuffer.wrap(data), offset);
        }
    }

    private byte[] read(long offset, int length) throws IOException {
        return java.util.Arrays.copyOfRange(Files.readAllBytes(disk), (int) offset, (int) offset + length);
    }

    private byte[] randomBytes(int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }
}
