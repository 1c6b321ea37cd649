package org.lifeboat.agent.tracking;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class BlockLayoutTest {

    private static final long GIB = 1L << 30;

    @Test
    void uses64KibBlocksUpTo64Gib() {
        assertEquals(64 * 1024, BlockLayout.forDisk(1L << 20).blockSize());
        assertEquals(64 * 1024, BlockLayout.forDisk(64 * GIB).blockSize());
        assertEquals(BlockLayout.MAX_BLOCKS, BlockLayout.forDisk(64 * GIB).blockCount());
    }

    @Test
    void growsTheBlockSoThatNoDiskHasMoreThanAMillionBlocks() {
        assertEquals(128 * 1024, BlockLayout.forDisk(64 * GIB + 512).blockSize());
        BlockLayout largest = BlockLayout.forDisk(32L << 40);
        assertEquals(32 << 20, largest.blockSize());
        assertEquals(BlockLayout.MAX_BLOCKS, largest.blockCount());
    }

    @Test
    void tracedWritesAreMarkedIn4KibExtentsUpTo128GibAndCoarserBeyondWithinA4MibBitmap() {
        assertEquals(4096, BlockLayout.forTracedWrites(GIB).blockSize());
        assertEquals(32 * 1024, BlockLayout.forTracedWrites(GIB).blockCount() / 8, "bitmap bytes at 1 GiB");
        assertEquals(4096, BlockLayout.forTracedWrites(64 * GIB).blockSize());
        assertEquals(2 << 20, BlockLayout.forTracedWrites(64 * GIB).blockCount() / 8, "bitmap bytes at 64 GiB");
        assertEquals(4096, BlockLayout.forTracedWrites(128 * GIB).blockSize());
        BlockLayout twoTib = BlockLayout.forTracedWrites(2048 * GIB);
        assertEquals(64 * 1024, twoTib.blockSize());
        assertEquals(4 << 20, twoTib.blockCount() / 8, "bitmap bytes at 2 TiB");
        assertEquals(BlockLayout.MAX_EXTENTS, BlockLayout.forTracedWrites(32L << 40).blockCount());
    }

    @Test
    void endsWithAShorterBlockOfWholeSectors() {
        BlockLayout layout = BlockLayout.forDisk(3 * 64 * 1024 + 1536);

        assertEquals(4, layout.blockCount());
        assertEquals(64 * 1024, layout.length(2));
        assertEquals(1536, layout.length(3));
        assertEquals(3 * 64 * 1024, layout.offset(3));
    }

    @Test
    void rejectsADiskThatIsNotWholeSectors() {
        assertThrows(IllegalArgumentException.class, () -> BlockLayout.forDisk(1000));
    }
}
