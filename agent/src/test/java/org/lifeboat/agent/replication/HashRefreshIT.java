package org.lifeboat.agent.replication;

import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.sun.nio.file.ExtendedOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lifeboat.agent.api.DiskConfiguration;
import org.lifeboat.agent.connection.ServerTrust;
import org.lifeboat.agent.disk.DiskId;
import org.lifeboat.agent.state.AgentIdentity;
import org.lifeboat.agent.state.Credential;
import org.lifeboat.agent.state.StateDirectory;
import org.lifeboat.agent.testing.FakeProcessServer;
import org.lifeboat.agent.testing.TestCertificate;
import org.lifeboat.agent.tracking.BlockHasher;
import org.lifeboat.agent.tracking.BlockLayout;
import org.lifeboat.agent.tracking.trace.LoopDevice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * As root, on a loop device: after random 4 KiB writes and the quiet time the hash refresh needs, every hash the
 * acknowledged map knows is that of what the server holds, so a restart's full compare sends only what changed.
 */
class HashRefreshIT {

    private static final int SIZE = 64 << 20;
    private static final String DISK = "disk-1";

    @TempDir
    Path directory;

    @Test
    void everyKnownAcknowledgedHashIsThatOfTheServersCopy() throws Exception {
        LoopDevice.requireRoot();
        Path image = directory.resolve("disk.img");
        try (java.io.RandomAccessFile file = new java.io.RandomAccessFile(image.toFile(), "rw")) {
            file.setLength(SIZE);
        }
        TestCertificate certificate = TestCertificate.localhost();
        try (FakeProcessServer server = new FakeProcessServer(certificate, "agent-1", "secret").addDisk(DISK, SIZE);
             LoopDevice loop = LoopDevice.attach(image)) {
            Path state = Files.createDirectories(directory.resolve("state"));
            AgentIdentity identity = new AgentIdentity("agent-1", new Credential("secret"),
                    URI.create("https://localhost:1/api"), server.address(), "test-machine");
            ReplicationEngine engine = new ReplicationEngine(StateDirectory.at(state), identity,
                    ServerTrust.pinned(certificate.certificate()), ReplicationSettings.DEFAULT);
            try {
                engine.replicate(List.of(new DiskConfiguration(DiskId.of(DISK), loop.device, SIZE, true)),
                        server.address());
                FakeProcessServer.await("the initial replication", Duration.ofSeconds(60),
                        () -> !engine.reports().get(0).initial());
                assertEquals("trace", engine.reports().get(0).tracker().label());
                for (int round = 1; round <= 3; round++) {
                    fio(loop.device, "round-" + round, "--rw=randwrite", "--bs=4k", "--rate=5m", "--runtime=6",
                            "--time_based");
                    long start = System.nanoTime();
                    FakeProcessServer.await("the refresh learns every hash", Duration.ofMinutes(3),
                            () -> engine.reports().get(0).resendOnRestartBytes() == 0);
                    System.out.printf("round %d: refresh done after %d ms%n", round,
                            TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
                    engine.checkpoint();
                    BlockLayout layout = BlockLayout.forDisk(SIZE);
                    Path map;
                    try (var files = Files.walk(state)) {
                        map = files.filter(file -> file.endsWith("acknowledged.map")).findFirst().orElseThrow();
                    }
                    long[] acknowledged = DiskCheckpoint.read(map).hashes();
                    long[] disk = hashes(layout, read(loop.device));
                    long[] replica = hashes(layout, server.image(DISK));
                    List<Integer> wrong = new ArrayList<>();
                    int replicaDiffers = 0;
                    for (int block = 0; block < acknowledged.length; block++) {
                        if (acknowledged[block] != BlockHasher.UNKNOWN && acknowledged[block] != replica[block]) {
                            wrong.add(block);
                        }
                        if (disk[block] != replica[block]) {
                            replicaDiffers++;
                        }
                    }
                    System.out.printf("round %d: %d blocks with a wrong acknowledged hash; the replica differs from "
                            + "the disk in %d%n", round, wrong.size(), replicaDiffers);
                    assertTrue(wrong.isEmpty(), wrong.size() + " acknowledged hashes are not the server's: " + wrong);
                }
            } finally {
                engine.close();
            }
        }
    }

    private static long[] hashes(BlockLayout layout, byte[] bytes) {
        BlockHasher hasher = new BlockHasher(layout.blockSize());
        long[] hashes = new long[layout.blockCount()];
        for (int block = 0; block < hashes.length; block++) {
            hashes[block] = hasher.hash(bytes, (int) layout.offset(block), layout.length(block));
        }
        return hashes;
    }

    private static byte[] read(Path device) throws Exception {
        byte[] bytes = new byte[SIZE];
        ByteBuffer io = ByteBuffer.allocateDirect((1 << 20) + 4096).alignedSlice(4096);
        try (FileChannel channel = FileChannel.open(device, StandardOpenOption.READ, ExtendedOpenOption.DIRECT)) {
            for (int offset = 0; offset < SIZE; offset += 1 << 20) {
                io.clear().limit(1 << 20);
                while (io.hasRemaining()) {
                    channel.read(io, offset + io.position());
                }
                io.flip().get(bytes, offset, 1 << 20);
            }
        }
        return bytes;
    }

    private void fio(Path device, String name, String... options) throws Exception {
        List<String> command = new ArrayList<>(List.of("fio", "--name=" + name, "--filename=" + device,
                "--direct=1", "--size=" + SIZE, "--randseed=" + name.hashCode(), "--output=" + directory.resolve(name)));
        command.addAll(List.of(options));
        Process fio = new ProcessBuilder(command).redirectErrorStream(true).start();
        assertTrue(fio.waitFor(2, TimeUnit.MINUTES), "fio " + name);
        assertEquals(0, fio.exitValue(), "fio " + name);
    }
}
