package org.lifeboat.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Failback's master target through the real stack: the machine's own agent, its machine off, brings an
 * on-premises disk that went its own way since the point it failed over at to a newer recovery point,
 * downloading only the blocks that differ (measured and printed), and fills a new disk (alternate location).
 */
class FailbackIT {

    private static final int BLOCK = 64 << 10;
    private static final Pattern RECEIVED = Pattern.compile(
            "(\\d+) blocks compared, (\\d+) differed, (\\d+) bytes downloaded in (\\d+) request");

    @TempDir
    static Path dir;

    @Test
    void theMasterTargetDownloadsOnlyTheBlocksThatDifferFromThePoint() throws Exception {
        String item = "failback-it-" + System.nanoTime() % 100000;
        try (ReplicatingMachine machine = ReplicatingMachine.start(dir, item, null)) {
            // the point failed over at, and the on-premises disk as it was then
            machine.bookmark();
            Path onPremises = dir.resolve(item + "-on-premises.img");
            Files.copy(machine.disk.file(), onPremises);
            // the recovery side writes on (8 MiB in 128 blocks), up to the point to come home at
            Random random = new Random(item.hashCode());
            Set<Integer> differing = new TreeSet<>();
            Set<Integer> recoverySide = blocks(128, random);
            machine.disk.writeBlocks(recoverySide, BLOCK, random);
            String home = machine.bookmark();
            String homeSha = machine.imageSha(home);
            assertEquals(machine.disk.sha256(), homeSha);
            differing.addAll(recoverySide);

            LifeboatStack.CommandResult whileRunning = receive(machine, home, onPremises);
            assertEquals(2, whileRunning.exitCode(), whileRunning.toString());
            assertTrue(whileRunning.stderr().contains("already running"), whileRunning.stderr());

            machine.agent.close(); // the machine is off: its agent becomes the master target
            // the on-premises disk had writes of its own after the failover point (2 MiB in 32 blocks)
            Set<Integer> onPremisesSide = blocks(32, random);
            DiskImage.existing(onPremises).writeBlocks(onPremisesSide, BLOCK, random);
            differing.addAll(onPremisesSide);

            LifeboatStack.CommandResult received = receive(machine, home, onPremises);
            assertEquals(0, received.exitCode(), received.toString());
            assertEquals(homeSha, DiskImage.existing(onPremises).sha256(), "the on-premises disk is not the point's");
            Matcher figures = RECEIVED.matcher(received.stdout());
            assertTrue(figures.find(), received.stdout());
            long differingBytes = (long) differing.size() * BLOCK;
            long downloaded = Long.parseLong(figures.group(3));
            System.out.printf("FailbackIT: %d of %s blocks differed, %d bytes downloaded for %d bytes of differing "
                    + "blocks (%.3f x) in %s requests%n", differing.size(), figures.group(1), downloaded,
                    differingBytes, downloaded / (double) differingBytes, figures.group(4));
            assertEquals(differing.size(), Integer.parseInt(figures.group(2)), received.stdout());
            assertTrue(downloaded <= 1.1 * differingBytes, received.stdout());

            // once more: nothing differs, nothing is downloaded
            LifeboatStack.CommandResult again = receive(machine, home, onPremises);
            assertTrue(again.stdout().contains(" 0 differed, 0 bytes downloaded"), again.toString());

            // an alternate location: a new disk gets the point whole
            Path alternate = dir.resolve(item + "-alternate.img");
            LifeboatStack.CommandResult full = receive(machine, home, alternate);
            assertEquals(0, full.exitCode(), full.toString());
            assertEquals(homeSha, DiskImage.existing(alternate).sha256());

            LifeboatStack.CommandResult noPoint = receive(machine, "no-such-point", onPremises);
            assertEquals(8, noPoint.exitCode(), noPoint.toString());
            assertTrue(noPoint.stderr().contains("HTTP 404"), noPoint.stderr());
            assertEquals(homeSha, DiskImage.existing(onPremises).sha256(), "a refused receive changed the disk");
        }
    }

    private static LifeboatStack.CommandResult receive(ReplicatingMachine machine, String point, Path disk) {
        return LifeboatStack.agent("receive", "--state", machine.state.toString(), "--disk-id", machine.diskId,
                "--point", point, "--disk", disk.toString());
    }

    /** {@code count} distinct blocks of the 64 MiB disk. */
    private static Set<Integer> blocks(int count, Random random) {
        Set<Integer> blocks = new TreeSet<>();
        while (blocks.size() < count) {
            blocks.add(random.nextInt(1024));
        }
        return blocks;
    }
}
