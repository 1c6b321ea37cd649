package org.lifeboat.agent.replication;

import java.nio.file.Path;
import java.util.BitSet;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lifeboat.agent.disk.DiskId;
import org.lifeboat.agent.tracking.BlockHasher;
import org.lifeboat.agent.tracking.BlockLayout;
import org.lifeboat.agent.tracking.HashRefresh.Refreshed;
import org.lifeboat.protocol.DataRecord;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/** A refreshed hash reaches the acknowledged map, and so a restart, only once the server holds what was hashed. */
class OutboxRefreshTest {

    private static final DiskId DISK = DiskId.of("disk-1");
    private static final BlockLayout LAYOUT = BlockLayout.forDisk(1 << 20);

    @TempDir
    Path directory;

    @Test
    void aRefreshedHashWaitsForTheAcknowledgementOfTheBlocksLastRecordAndOutlivesARestart() throws Exception {
        Outbox outbox = new Outbox(64L << 20);
        try (DiskState state = DiskState.open(directory, DISK, LAYOUT)) {
            outbox.add(state);
            sendInPart(outbox, 7);
            Sequence first = sendInPart(outbox, 3);
            Sequence second = sendInPart(outbox, 3);
            outbox.acknowledge(DISK, first);
            outbox.snapshots().forEach((disk, snapshot) -> write(disk, snapshot));
            assertEquals(2L * LAYOUT.blockSize(), outbox.progress(DISK).orElseThrow().unknownBytes(),
                    "status says blocks 3 and 7, sent in part, would be sent whole by a restart");
            outbox.refreshed(DISK, List.of(new Refreshed(9, 99)));
            assertNotEquals(99, outbox.acknowledgedCopy(DISK).get(9), "a block whose acknowledged hash is known keeps it");

            outbox.refreshed(DISK, List.of(new Refreshed(3, 33), new Refreshed(7, 77)));

            assertEquals(BlockHasher.UNKNOWN, outbox.acknowledgedCopy(DISK).get(3), "the server lacks the second record");
            assertEquals(77, outbox.acknowledgedCopy(DISK).get(7), "no record of block 7 waits");
            outbox.acknowledge(DISK, second);
            assertEquals(33, outbox.acknowledgedCopy(DISK).get(3));
            outbox.durable(DISK, second);
            assertEquals(2L * LAYOUT.blockSize(), outbox.progress(DISK).orElseThrow().unknownBytes(),
                    "until a checkpoint is written");
            outbox.snapshots().forEach((disk, snapshot) -> write(disk, snapshot));
            assertEquals(0, outbox.progress(DISK).orElseThrow().unknownBytes());
        }

        try (DiskState restarted = DiskState.open(directory, DISK, LAYOUT)) {
            assertEquals(33, restarted.acknowledgedCopy().get(3));
            assertEquals(77, restarted.acknowledgedCopy().get(7));
            assertEquals(0, restarted.unknownBytesCheckpointed());
        }
    }

    @Test
    void aRefreshWhileAResyncWaitsIsIgnored() throws Exception {
        Outbox outbox = new Outbox(64L << 20);
        try (DiskState state = DiskState.open(directory, DISK, LAYOUT)) {
            outbox.add(state);
            outbox.acknowledge(DISK, sendInPart(outbox, 3));
            BitSet differing = new BitSet();
            differing.set(3);
            outbox.resend(DISK, differing);

            outbox.refreshed(DISK, List.of(new Refreshed(3, 33)));

            assertEquals(BlockHasher.UNKNOWN, outbox.acknowledgedCopy(DISK).get(3));
        }
    }

    /** A 4 KiB record in the block: its hash becomes unknown. */
    private static Sequence sendInPart(Outbox outbox, int block) throws Exception {
        return outbox.append(DISK, 4096, block, 1, new long[] {BlockHasher.UNKNOWN},
                next -> new DataRecord(DISK.value(), next.value(), 1, LAYOUT.offset(block), new byte[4096]));
    }

    private static void write(DiskState disk, DiskState.Snapshot snapshot) {
        try {
            disk.write(snapshot);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
