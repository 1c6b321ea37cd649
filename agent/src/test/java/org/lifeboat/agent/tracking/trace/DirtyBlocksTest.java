package org.lifeboat.agent.tracking.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.BitSet;

import org.junit.jupiter.api.Test;
import org.lifeboat.agent.tracking.BlockLayout;

class DirtyBlocksTest {

    private static final int BLOCK = 64 * 1024;
    private static final int SECTORS_PER_BLOCK = BLOCK / 512;
    /** Ten blocks and a half: the last block is short. */
    private final BlockLayout layout = new BlockLayout(10L * BLOCK + BLOCK / 2, BLOCK);

    @Test
    void marksEveryBlockAWriteTouches() {
        DirtyBlocks dirty = new DirtyBlocks(layout);
        dirty.markSectors(SECTORS_PER_BLOCK - 1, 2); // the last sector of block 0 and the first of block 1
        dirty.markSectors(5L * SECTORS_PER_BLOCK, SECTORS_PER_BLOCK); // exactly block 5
        assertEquals(bits(0, 1, 5), dirty.take());
    }

    @Test
    void takingStartsAfresh() {
        DirtyBlocks dirty = new DirtyBlocks(layout);
        dirty.markSectors(0, 1);
        dirty.take();
        dirty.markSectors(3L * SECTORS_PER_BLOCK, 1);
        assertEquals(bits(3), dirty.take());
        assertTrue(dirty.take().isEmpty());
    }

    @Test
    void ignoresWhatLiesOutsideTheDisk() {
        DirtyBlocks dirty = new DirtyBlocks(layout);
        dirty.markSectors(-8, 8); // before a partition's start
        dirty.markSectors(10L * SECTORS_PER_BLOCK + SECTORS_PER_BLOCK / 2, 8); // after the disk's end
        dirty.markSectors(0, 0); // a flush carries no data
        assertTrue(dirty.take().isEmpty());
        dirty.markSectors(10L * SECTORS_PER_BLOCK, 100 * SECTORS_PER_BLOCK); // runs past the end: the short block
        assertEquals(bits(10), dirty.take());
    }

    @Test
    void restoredBlocksComeBackWithNewOnes() {
        DirtyBlocks dirty = new DirtyBlocks(layout);
        dirty.markSectors(2L * SECTORS_PER_BLOCK, 1);
        BitSet taken = dirty.take();
        dirty.markSectors(7L * SECTORS_PER_BLOCK, 1);
        dirty.restore(taken);
        assertEquals(bits(2, 7), dirty.take());
    }

    @Test
    void aHugeDiskCostsAtMostItsBitmap() {
        BlockLayout large = BlockLayout.forDisk(32L << 40);
        DirtyBlocks dirty = new DirtyBlocks(large);
        dirty.markSectors(0, (32L << 40) / 512);
        BitSet all = dirty.take();
        assertEquals(large.blockCount(), all.cardinality());
        assertTrue(all.size() / 8 <= 128 * 1024, "bitmap of " + all.size() / 8 + " bytes");
    }

    @Test
    void aTracedDiskMarksA4KibWriteAsOneExtentAndCapsItsBitmapAt4Mib() {
        DirtyBlocks fine = new DirtyBlocks(BlockLayout.forTracedWrites(1L << 30));
        fine.markSectors(16 * 8, 8); // the 17th 4 KiB page
        fine.markSectors(100 * 8 + 1, 1); // one sector inside the 101st
        assertEquals(bits(16, 100), fine.take());
        DirtyBlocks huge = new DirtyBlocks(BlockLayout.forTracedWrites(32L << 40));
        huge.markSectors(0, (32L << 40) / 512);
        BitSet all = huge.take();
        assertEquals(BlockLayout.MAX_EXTENTS, all.cardinality());
        assertTrue(all.size() / 8 <= 4 << 20, "bitmap of " + all.size() / 8 + " bytes");
    }

    private static BitSet bits(int... blocks) {
        BitSet set = new BitSet();
        for (int block : blocks) {
            set.set(block);
        }
        return set;
    }
}
