package org.lifeboat.bench;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Failback's master target through the real stack: a 1 GiB disk (half random, half zeros) is protected, a
 * point taken, the on-premises copy kept; 5 % of the disk's blocks are rewritten on the recovery side and a
 * second point taken. Then, three times each, alternating: {@code lifeboat-agent receive} brings the
 * on-premises copy to the second point (bytes downloaded, time), against the baseline of a full copy (the
 * point's whole image downloaded through the API into a file), in the same run. Not part of the tests.
 */
public final class FailbackBench {

    private static final long GIB = 1L << 30;
    private static final int MIB = 1 << 20;
    private static final int BLOCK = 64 << 10;
    private static final int ROUNDS = 3;
    private static final Pattern DOWNLOADED = Pattern.compile("(\\d+) differed, (\\d+) bytes downloaded in (\\d+) "
            + "request.*\\(checksums and comparison ([\\d.]+) s, downloads ([\\d.]+) s\\)");

    public static void main(String[] args) throws Exception {
        BenchStack stack = new BenchStack();
        Random random = new Random(11);
        Path image = stack.work.resolve("failback.img");
        FailoverBench.halfRandom(image, random);
        String item = "failback-bench-" + System.currentTimeMillis() % 100000;
        Path state = stack.protect(item, image);
        Process agent = stack.startAgent(state);
        Path pristine = stack.work.resolve("failback-on-premises-pristine.img");
        Path onPremises = stack.work.resolve("failback-on-premises.img");
        try {
            stack.waitForPoint(item, stack.bookmark(state));
            Files.copy(image, pristine, StandardCopyOption.REPLACE_EXISTING);
            int blocks = (int) (GIB / BLOCK);
            TreeSet<Integer> changed = new TreeSet<>();
            while (changed.size() < blocks / 20) { // 5 %
                changed.add(random.nextInt(blocks));
            }
            try (RandomAccessFile raf = new RandomAccessFile(image.toFile(), "rw")) {
                byte[] data = new byte[BLOCK];
                for (int block : changed) {
                    random.nextBytes(data);
                    raf.seek((long) block * BLOCK);
                    raf.write(data);
                }
                raf.getFD().sync();
            }
            String point = stack.waitForPoint(item, stack.bookmark(state)).getString("id");
            BenchStack.stopAgent(agent); // the machine is off: its agent is the master target
            agent = null;
            String diskId = stack.diskId(item);
            String pointSha = stack.pointSha256(item, point, diskId);
            long changedBytes = (long) changed.size() * BLOCK;
            System.out.printf("Failback of a 1 GiB disk (512 MiB random, the rest zeros), %d blocks of 64 KiB "
                    + "(%d MiB, 5 %%) rewritten on the recovery side%n", changed.size(), changedBytes / MIB);
            for (int round = 1; round <= ROUNDS; round++) {
                Files.copy(pristine, onPremises, StandardCopyOption.REPLACE_EXISTING);
                stack.awaitQuietServer();
                long start = System.nanoTime();
                String out = BenchStack.run(List.of("java", "-jar", stack.agentJar().toString(), "receive", "--state",
                        state.toString(), "--disk-id", diskId, "--point", point, "--disk", onPremises.toString()));
                double receive = (System.nanoTime() - start) / 1e9;
                Matcher figures = DOWNLOADED.matcher(out);
                if (!figures.find() || !BenchStack.sha256(onPremises).equals(pointSha)) {
                    throw new IllegalStateException("the receive did not bring the disk to the point: " + out);
                }
                long downloaded = Long.parseLong(figures.group(2));

                Path full = stack.work.resolve("failback-full.img");
                stack.awaitQuietServer();
                start = System.nanoTime();
                long fullBytes = stack.downloadPoint(item, point, diskId, full);
                double copy = (System.nanoTime() - start) / 1e9;
                Files.delete(full);
                System.out.printf("  round %d: receive %.1f s (checksums and comparison %s s, %s range downloads "
                        + "%s s), %d blocks differed, %d MiB downloaded (%.3f x the changed blocks); full copy %.1f s, "
                        + "%d MiB; receive = %.2f x the full copy's time, %.3f x its bytes%n", round, receive,
                        figures.group(4), figures.group(3), figures.group(5), Integer.parseInt(figures.group(1)),
                        downloaded / MIB, downloaded / (double) changedBytes, copy, fullBytes / MIB, receive / copy,
                        downloaded / (double) fullBytes);
            }
        } finally {
            BenchStack.stopAgent(agent);
            stack.send("DELETE", "/protectedItems/" + item, "{}");
            Files.deleteIfExists(pristine);
            Files.deleteIfExists(onPremises);
        }
    }
}
