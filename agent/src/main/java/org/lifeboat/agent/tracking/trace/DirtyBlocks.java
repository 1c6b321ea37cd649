package org.lifeboat.agent.tracking.trace;

import java.util.BitSet;

import org.lifeboat.agent.tracking.BlockLayout;
import org.lifeboat.protocol.ProtocolLimits;

/**
 * The blocks of a disk written since they were last taken: one bit per block of the layout given,
 * so its memory is the layout's block count over 8 however many writes the disk gets. The trace
 * tracker gives it {@link BlockLayout#forTracedWrites} (4 KiB extents, a bitmap of at most 4 MiB);
 * the churn profiler a coarser one. Thread-safe: the trace reader marks, the disk's replicator takes.
 */
public final class DirtyBlocks implements CompletedWrites {

    private final BlockLayout layout;
    private BitSet dirty;

    public DirtyBlocks(BlockLayout layout) {
        this.layout = layout;
        this.dirty = new BitSet(layout.blockCount());
    }

    /** Marks the blocks that sectors {@code [sector, sector + sectors)} of this disk touch; what lies outside is ignored. */
    public synchronized void markSectors(long sector, long sectors) {
        long start = Math.max(0, sector) * ProtocolLimits.SECTOR;
        long end = Math.min(layout.diskSizeBytes(), (sector + sectors) * ProtocolLimits.SECTOR);
        if (sectors <= 0 || start >= end) {
            return;
        }
        dirty.set((int) (start / layout.blockSize()), (int) ((end - 1) / layout.blockSize()) + 1);
    }

    @Override
    public void written(long sector, long sectors) {
        markSectors(sector, sectors);
    }

    /** The blocks marked since the last take, and starts afresh. */
    public synchronized BitSet take() {
        BitSet taken = dirty;
        dirty = new BitSet(layout.blockCount());
        return taken;
    }

    /** Puts back blocks taken but not compared (a pass cut short). */
    public synchronized void restore(BitSet blocks) {
        dirty.or(blocks);
    }
}
