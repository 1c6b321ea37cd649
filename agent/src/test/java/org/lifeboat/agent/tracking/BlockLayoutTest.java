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
