package org.lifeboat.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lifeboat.protocol.DataRecord;
import org.lifeboat.protocol.FrameWriter;

/**
 * A disk's chain of sealed segments with a missing link, through the real stack: a segment appears in
 * the cache that the journal sealed after one the log applier never saw (as a segment stranded by a
 * failed disk would leave it). The applier applies nothing past the gap and names the disk; the disk's
 * own segments before it are applied, and its next recovery point equals the source.
 */
class SegmentGapIT {

    /** Far beyond any sequence the agent reaches in this test. */
    private static final long STRANDED_AFTER = 999_999_999_999L;

    @TempDir
    static Path dir;

    @Test
    void theApplierDoesNotApplyPastAMissingSegmentAndSaysWhichDisk() throws Exception {
        String item = "segment-gap-it-" + System.nanoTime() % 100000;
        try (ReplicatingMachine machine = ReplicatingMachine.start(dir, item, null)) {
            String diskId = machine.diskId;
            long logFrom = LifeboatStack.serverLogSize();
            plantSegmentSealedAfterAMissingOne(diskId);

            machine.disk.randomWrites(50, new Random(item.hashCode()));
            String source = machine.disk.sha256();
            String point = machine.bookmark();

            assertEquals(source, machine.imageSha(point), "a segment past the gap was applied");
            // the applier warns once a minute at most
            LifeboatStack.awaitServerLog(logFrom, "disk " + diskId + ": its next segment was sealed after sequence "
                    + STRANDED_AFTER, Duration.ofMinutes(2));
        }
    }

    /** Overwrites the disk's first 4 KiB with 0xEE, in a segment whose predecessor never arrives. */
    private static void plantSegmentSealedAfterAMissingOne(String diskId) throws Exception {
        byte[] garbage = new byte[4096];
        Arrays.fill(garbage, (byte) 0xEE);
        long sequence = STRANDED_AFTER + 1_000;
        ByteArrayOutputStream frames = new ByteArrayOutputStream();
        new FrameWriter(frames).write(new DataRecord(diskId, sequence, System.currentTimeMillis(), 0, garbage)
                .toFrame());
        Path sealed = LifeboatStack.HOME.resolve("cache/sealed");
        Path temp = Files.write(sealed.resolve("planted.tmp"), frames.toByteArray());
        Files.move(temp, sealed.resolve(String.format("%s_%020d_%020d_after_%020d.seg", diskId, sequence, sequence,
                STRANDED_AFTER)), StandardCopyOption.ATOMIC_MOVE);
    }
}
