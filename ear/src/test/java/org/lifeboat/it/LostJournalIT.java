package org.lifeboat.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Losing a process server's journal loses nothing: writes the journal acknowledged while Azure Storage
 * was out of reach (so they were nowhere else) are sent again by the agent once the server comes back
 * without them, and the next recovery point equals the source. Azurite is paused, the server killed
 * with kill -9 and its cache journal deleted, as a dead disk would leave it; then both come back.
 */
class LostJournalIT {

    private static final int BLOCK = 64 * 1024;

    @TempDir
    static Path dir;

    @Test
    void writesAcknowledgedButNotYetInAzureAreSentAgainAfterTheJournalIsLost() throws Exception {
        String item = "lost-journal-it-" + System.nanoTime() % 100000;
        try (ReplicatingMachine machine = ReplicatingMachine.start(dir, item, null)) {
            String first = machine.bookmark(); // everything so far is in Azure
            assertEquals(machine.disk.sha256(), machine.imageSha(first));
            long ackedBefore = machine.agentDisk().getJsonNumber("lastAckedSequence").longValue();

            try {
                AzuriteStorage.pauseProcess();
                // blocks that hold data go back to zeros (a server that forgot them keeps the old data), others change
                zeroBlocksHoldingData(machine.disk.file(), 4);
                machine.disk.randomWrites(40, new Random(item.hashCode()));
                JsonObject acknowledged = awaitAcknowledgedAfter(machine, ackedBefore);
                assertTrue(acknowledged.getJsonNumber("notDurableBytes").longValue() > 0, acknowledged.toString());

                long server = LifeboatStack.serverPid(LifeboatStack.launcher("status"));
                LifeboatStack.kill9(server, "the server");
                LifeboatStack.deleteTree(LifeboatStack.HOME.resolve("cache"));
            } finally {
                AzuriteStorage.resumeProcess();
            }
            awaitServerBack();
            // a bookmark asked before the agent is back in session would be refused ("take the bookmark again"):
            // it was queued after the lost records (ReplicationEngineTest covers that refusal)
            machine.awaitAgentLog("its journal was lost: sending again the blocks of", Duration.ofMinutes(3));

            String source = machine.disk.sha256();
            String point = machine.bookmark();
            assertEquals(source, machine.imageSha(point), "the point lacks writes the lost journal had acknowledged\n"
                    + machine.diagnosis());
        }
    }

    /** Waits until the agent has sent the writes and the journal acknowledged them all, twice in a row. */
    private static JsonObject awaitAcknowledgedAfter(ReplicatingMachine machine, long ackedBefore)
            throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
        JsonObject disk = null;
        int quiet = 0;
        while (Instant.now().isBefore(deadline)) {
            disk = machine.agentDisk();
            boolean settled = disk.getJsonNumber("lastAckedSequence").longValue() > ackedBefore
                    && disk.getJsonNumber("pendingBytes").longValue() == 0;
            quiet = settled ? quiet + 1 : 0;
            if (quiet >= 3) {
                return disk;
            }
            Thread.sleep(1000);
        }
        throw new AssertionError("the journal did not acknowledge the writes: " + disk + "\n" + machine.agent.log());
    }

    /** Waits until the supervisor has the server running and healthy again. */
    private static void awaitServerBack() throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(5));
        LifeboatStack.CommandResult status = LifeboatStack.launcher("status");
        while (status.exitCode() != 0) {
            assertTrue(Instant.now().isBefore(deadline), "the server did not come back within 5 minutes\n" + status);
            Thread.sleep(2000);
            status = LifeboatStack.launcher("status");
        }
    }

    /** Zeros the first {@code count} 64 KiB blocks that hold data. */
    private static void zeroBlocksHoldingData(Path image, int count) throws IOException {
        List<Long> zeroed = new ArrayList<>();
        try (FileChannel channel = FileChannel.open(image, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer block = ByteBuffer.allocate(BLOCK);
            for (long offset = 0; offset < channel.size() && zeroed.size() < count; offset += BLOCK) {
                block.clear();
                channel.read(block, offset);
                if (!isZero(block.array())) {
                    channel.write(ByteBuffer.allocate(BLOCK), offset);
                    zeroed.add(offset);
                }
            }
            channel.force(true);
        }
        assertEquals(count, zeroed.size(), "the disk has fewer blocks with data than expected");
    }

    private static boolean isZero(byte[] bytes) {
        for (byte b : bytes) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }
}
