package org.lifeboat.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cache's file system fills up in the middle of a real agent's write burst, as when Azurite or
 * anything else shares it: the agent is told to wait, nothing it was acknowledged is lost, replication
 * resumes when room returns, and the next recovery point equals the source byte for byte. The build
 * puts the shared stack's cache on a 4 GiB file system of its own (src/test/scripts/test-cache-mount,
 * as root), which this test fills with a filler file and empties again.
 */
class FullCacheIT {

    private static final Path CACHE = LifeboatStack.HOME.resolve("cache");

    @TempDir
    static Path dir;

    @Test
    void aFullCacheFileSystemMakesTheAgentWaitLosesNothingAndReplicationResumesWhenRoomReturns() throws Exception {
        assumeTrue(onASmallFileSystemOfItsOwn(CACHE), "the test stack's cache " + CACHE + " is not on a small file "
                + "system of its own (the build mounts one as root: ear/src/test/scripts/test-cache-mount): skipped");
        String item = "full-cache-it-" + System.nanoTime() % 100000;
        try (ReplicatingMachine machine = ReplicatingMachine.start(dir, item, null)) {
            long logFrom = LifeboatStack.serverLogSize();
            List<Path> fillers = List.of(CACHE.resolve("filler"), CACHE.resolve("filler-rest"));
            try {
                try (WriteBurst burst = WriteBurst.start(machine.disk, new Random(item.hashCode()))) {
                    Thread.sleep(3000);
                    fill(fillers);

                    LifeboatStack.awaitServerLog(logFrom, "waits until uploads make room", Duration.ofMinutes(1));
                    JsonObject server = JsonBodies.object(LifeboatStack.getAsAdmin("/processServers/builtin").body());
                    assertTrue(server.getJsonNumber("cacheFreePercent").doubleValue() < 25, server.toString());
                    Thread.sleep(10_000); // the burst goes on against the full cache
                }
            } finally {
                for (Path filler : fillers) {
                    Files.deleteIfExists(filler); // room returns
                }
            }
            String source = machine.disk.sha256();

            String point = machine.bookmark();

            assertEquals(source, machine.imageSha(point), "acknowledged writes were lost while the cache was full\n"
                    + "--- agent log\n" + machine.agent.log());
        }
    }

    private static boolean onASmallFileSystemOfItsOwn(Path cache) throws IOException {
        return Files.isDirectory(cache) && !Files.getFileStore(cache).equals(Files.getFileStore(cache.getParent()))
                && Files.getFileStore(cache).getTotalSpace() < (16L << 30);
    }

    /**
     * Takes every byte left: most at once (fallocate), the rest written until the disk says it is full.
     * The agent's burst fills the cache meanwhile, so a fallocate that meets a full disk is tried again
     * with a wider margin (a CI run lost 1 MiB between the measure and the fallocate).
     */
    private static void fill(List<Path> fillers) throws IOException, InterruptedException {
        LifeboatStack.CommandResult allocated = null;
        for (long margin = 16L << 20; margin <= (256L << 20); margin *= 4) {
            long usable = Files.getFileStore(CACHE).getUsableSpace();
            allocated = LifeboatStack.run(List.of("fallocate", "-l", String.valueOf(Math.max(1, usable - margin)),
                    fillers.get(0).toString()), Duration.ofMinutes(1));
            if (allocated.exitCode() == 0) {
                break;
            }
        }
        assertEquals(0, allocated.exitCode(), allocated.toString());
        byte[] block = new byte[64 << 10];
        try (RandomAccessFile rest = new RandomAccessFile(fillers.get(1).toFile(), "rw")) {
            for (int i = 0; i < 16_384; i++) { // at most 1 GiB: the loop ends by itself
                rest.write(block);
                rest.getFD().sync();
            }
            throw new AssertionError("the cache's file system did not fill up");
        } catch (IOException full) {
            // No space left on device: what the journal meets too
        }
    }
}
