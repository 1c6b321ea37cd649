package org.lifeboat.agent.failback;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lifeboat.agent.api.ServerApiException;
import org.lifeboat.agent.tracking.BlockHasher;
import org.lifeboat.agent.tracking.BlockLayout;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DiskReceiverTest {

    private static final int BLOCK = 64 << 10;
    /** 100 whole blocks and a short last one of 4 KiB. */
    private static final int SIZE = 100 * BLOCK + 4096;

    @TempDir
    Path directory;

    @Test
    void downloadsExactlyTheDifferingBlocksInRunsOfAtMostFourMebibytes() throws IOException {
        byte[] point = random(SIZE, 1);
        byte[] local = point.clone();
        local[3 * BLOCK + 100] ^= 1;                  // block 3
        for (int block = 10; block < 80; block++) {   // a run of 70 blocks: 64 + 6 in two requests
            local[block * BLOCK + 7] ^= 1;
        }
        local[SIZE - 1] ^= 1;                          // the short last block
        Path disk = write(local);
        FakePoint server = new FakePoint(point);

        DiskReceiver.Outcome outcome = receive(disk, server);

        assertArrayEquals(point, Files.readAllBytes(disk));
        assertEquals(101, outcome.comparedBlocks());
        assertEquals(72, outcome.differingBlocks());
        assertEquals(71L * BLOCK + 4096, outcome.downloadedBytes(), "only the differing blocks");
        assertEquals(List.of(List.of(new ImageRange(3L * BLOCK, BLOCK), new ImageRange(10L * BLOCK, 64 * BLOCK),
                new ImageRange(74L * BLOCK, 6 * BLOCK), new ImageRange(100L * BLOCK, 4096))), server.requests,
                "one request naming the four ranges");
        assertEquals(1, outcome.requests());
    }

    /** Scattered blocks: a request names at most 256 ranges, so 300 cost two requests, not 300. */
    @Test
    void scatteredBlocksCostARequestPer256Ranges() throws IOException {
        int blocks = 600;
        byte[] point = random(blocks * BLOCK, 7);
        byte[] local = point.clone();
        for (int block = 0; block < blocks; block += 2) {
            local[block * BLOCK] ^= 1;
        }
        Path disk = write(local);
        FakePoint server = new FakePoint(point);

        DiskReceiver.Outcome outcome = receive(disk, server);

        assertArrayEquals(point, Files.readAllBytes(disk));
        assertEquals(300, outcome.differingBlocks());
        assertEquals(2, outcome.requests());
        assertEquals(List.of(256, 44), server.requests.stream().map(List::size).toList());
        assertEquals(300L * BLOCK, outcome.downloadedBytes());
    }

    @Test
    void aDiskEqualToThePointDownloadsNothing() throws IOException {
        byte[] point = random(SIZE, 2);
        Path disk = write(point.clone());
        DiskReceiver.Outcome outcome = receive(disk, new FakePoint(point));
        assertEquals(0, outcome.differingBlocks());
        assertEquals(0, outcome.downloadedBytes());
    }

    /** An alternate location: a new, empty file is grown to the disk's size and gets every non-zero block. */
    @Test
    void aNewDiskGetsEveryNonZeroBlock() throws Exception {
        byte[] point = new byte[SIZE];
        byte[] data = random(BLOCK, 3);
        System.arraycopy(data, 0, point, 5 * BLOCK, BLOCK);
        System.arraycopy(data, 0, point, 50 * BLOCK, BLOCK);
        Path disk = directory.resolve("new.img");
        DiskReceiver.Outcome outcome;
        try (FileChannel channel = FileChannel.open(disk, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                StandardOpenOption.WRITE)) {
            outcome = DiskReceiver.receive(channel, 0, new FakePoint(point));
        }
        assertArrayEquals(point, Files.readAllBytes(disk));
        assertEquals(2L * BLOCK, outcome.downloadedBytes());
    }

    @Test
    void aDiskOfAnotherSizeIsRefusedUntouched() throws IOException {
        byte[] local = random(SIZE - 4096, 4);
        Path disk = write(local);
        IOException refused = assertThrows(IOException.class, () -> receive(disk, new FakePoint(random(SIZE, 5))));
        assertTrue(refused.getMessage().contains("is it the right disk?"), refused.getMessage());
        assertArrayEquals(local, Files.readAllBytes(disk));
    }

    @Test
    void aServerThatSendsLessIsAnError() throws IOException {
        byte[] point = random(SIZE, 6);
        byte[] local = point.clone();
        local[0] ^= 1;
        Path disk = write(local);
        FakePoint shortChanged = new FakePoint(point) {
            @Override
            public InputStream read(List<ImageRange> ranges) {
                byte[] all = ((ByteArrayInputStream) super.read(ranges)).readAllBytes();
                return new ByteArrayInputStream(all, 0, all.length - 1);
            }
        };
        assertThrows(EOFException.class, () -> receive(disk, shortChanged));
    }

    private static DiskReceiver.Outcome receive(Path disk, RecoveryPointSource point) throws IOException {
        try (FileChannel channel = FileChannel.open(disk, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            return DiskReceiver.receive(channel, channel.size(), point);
        } catch (ServerApiException e) {
            throw new AssertionError(e);
        }
    }

    private Path write(byte[] content) throws IOException {
        Path disk = Files.createTempFile(directory, "disk", ".img");
        Files.write(disk, content);
        return disk;
    }

    private static byte[] random(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    /** The server's side: the point's checksums as the server computes them, and its bytes by range. */
    private static class FakePoint implements RecoveryPointSource {

        final byte[] image;
        final List<List<ImageRange>> requests = new ArrayList<>();

        FakePoint(byte[] image) {
            this.image = image;
        }

        @Override
        public PointChecksums checksums() {
            BlockLayout layout = BlockLayout.forDisk(image.length);
            BlockHasher hasher = new BlockHasher(layout.blockSize());
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (DataOutputStream out = new DataOutputStream(bytes)) {
                for (int block = 0; block < layout.blockCount(); block++) {
                    out.writeLong(hasher.hash(image, (int) layout.offset(block), layout.length(block)));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return new PointChecksums(layout.blockSize(), image.length, new ByteArrayInputStream(bytes.toByteArray()));
        }

        /** The ranges' bytes one after the other, as the server sends them. */
        @Override
        public InputStream read(List<ImageRange> ranges) {
            requests.add(List.copyOf(ranges));
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            for (ImageRange range : ranges) {
                bytes.write(image, (int) range.offset(), range.length());
            }
            return new ByteArrayInputStream(bytes.toByteArray());
        }
    }
}
