package org.lifeboat.agent.tracking.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.BitSet;
import java.util.Random;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lifeboat.agent.tracking.BlockLayout;

/** The tracer against the real kernel: a loop device, the agent's own tracefs instance, real writes. */
class TraceSessionIT {

    private static final int BLOCK = 64 * 1024;
    private static final long SIZE = 64L << 20;
    private static final Duration DRAIN = Duration.ofSeconds(30);

    @TempDir
    Path directory;

    private final Random random = new Random(14);

    @BeforeAll
    static void root() throws IOException {
        LoopDevice.requireRoot();
    }

    @Test
    void aDrainHoldsExactlyTheBlocksWrittenBeforeItAndReadsAreNotWrites() throws Exception {
        Path image = image(SIZE);
        BlockLayout layout = BlockLayout.forDisk(SIZE);
        DirtyBlocks dirty = new DirtyBlocks(layout);
        try (LoopDevice loop = LoopDevice.attach(image);
             TraceSession trace = TraceSession.open(TraceSettings.DEFAULT, "lifeboat-test-exact", loop.device, dirty);
             FileChannel disk = FileChannel.open(loop.device, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            assertTrue(Files.isDirectory(trace.instance()));
            TraceSession.Drain first = trace.drain(DRAIN);
            assertNull(first.gap());
            assertTrue(first.dirty().isEmpty(), "nothing written yet");

            write(disk, 3L * BLOCK + 4096, 4096);
            write(disk, 10L * BLOCK - 512, 1024); // the last sector of block 9 and the first of block 10
            write(disk, SIZE - 4096, 4096);
            disk.read(ByteBuffer.allocate(BLOCK), 20L * BLOCK);
            disk.force(true); // completed: each write's completion is in the trace before force returns

            TraceSession.Drain drain = trace.drain(DRAIN);
            assertNull(drain.gap());
            assertEquals(bits(3, 9, 10, layout.blockCount() - 1), drain.dirty());
            assertTrue(trace.drain(DRAIN).dirty().isEmpty(), "a drain takes what it returns");
        }
    }

    @Test
    void someoneDisablingTheEventIsAGapAndCloseRemovesTheInstance() throws Exception {
        Path image = image(SIZE);
        DirtyBlocks dirty = new DirtyBlocks(BlockLayout.forDisk(SIZE));
        Path instance;
        try (LoopDevice loop = LoopDevice.attach(image);
             TraceSession trace = TraceSession.open(TraceSettings.DEFAULT, "lifeboat-test-gap", loop.device, dirty)) {
            instance = trace.instance();
            Files.writeString(instance.resolve("events/block/block_rq_complete/enable"), "0\n");
            TraceSession.Drain drain = trace.drain(DRAIN);
            assertNotNull(drain.gap());
            assertTrue(drain.gap().contains("block_rq_complete was disabled"), drain.gap());
        }
        assertFalse(Files.exists(instance), "the instance is removed on close");
    }

    @Test
    void anOverrunRingBufferIsAGap() throws Exception {
        Path image = image(SIZE);
        DirtyBlocks dirty = new DirtyBlocks(BlockLayout.forDisk(SIZE));
        try (LoopDevice loop = LoopDevice.attach(image);
             TraceSession trace = TraceSession.open(TraceSettings.DEFAULT.withBufferKb(4), "lifeboat-test-overrun",
                     loop.device, dirty)) {
            // a burst of thousands of completions into one page per CPU, faster than the reader takes them
            Process fio = new ProcessBuilder("fio", "--name=burst", "--filename=" + loop.device, "--rw=randwrite",
                    "--bs=512", "--direct=1", "--ioengine=libaio", "--iodepth=64", "--size=32m", "--io_size=16m",
                    "--randseed=14", "--output=/dev/null").inheritIO().start();
            assertEquals(0, fio.waitFor());
            TraceSession.Drain drain = trace.drain(DRAIN);
            assertNotNull(drain.gap(), "a burst into a 4 KiB buffer lost nothing?");
            assertTrue(drain.gap().contains("lost"), drain.gap());
        }
    }

    private void write(FileChannel disk, long offset, int length) throws IOException {
        byte[] data = new byte[length];
        random.nextBytes(data);
        disk.write(ByteBuffer.wrap(data), offset);
    }

    private Path image(long size) throws IOException {
        Path image = directory.resolve("disk-" + random.nextInt(1_000_000) + ".img");
        try (FileChannel file = FileChannel.open(image, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            file.truncate(size).write(ByteBuffer.allocate(1), size - 1);
        }
        return image;
    }

    private static BitSet bits(int... blocks) {
        BitSet set = new BitSet();
        for (int block : blocks) {
            set.set(block);
        }
        return set;
    }
}
