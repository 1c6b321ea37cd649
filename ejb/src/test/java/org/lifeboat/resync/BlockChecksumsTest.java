package org.lifeboat.resync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

class BlockChecksumsTest {

    /** The agent's ResyncComparisonTest asserts the same value for the same block. */
    @Test
    void hashesABlockAsTheAgentDoes() {
        byte[] block = new byte[65536];
        for (int i = 0; i < block.length; i++) {
            block[i] = (byte) i;
        }
        assertEquals(0x9036352ff339db2bL, BlockChecksums.hash(block, 0, block.length));
    }

    @Test
    void blockSizeFollowsTheAgentsLayout() {
        assertEquals(65536, BlockChecksums.blockSize(1L << 20));
        assertEquals(65536, BlockChecksums.blockSize(64L << 30));
        assertEquals(131072, BlockChecksums.blockSize((64L << 30) + 512));
        assertEquals(1 << 25, BlockChecksums.blockSize(32L << 40));
        assertEquals(1 << 20, BlockChecksums.blockCount(32L << 40));
        assertEquals(17, BlockChecksums.blockCount((16L << 16) + 4096));
    }

    @Test
    void writesOneChecksumPerBlockTheLastOneShort() throws IOException {
        long size = (2L << 16) + 512;
        byte[] image = new byte[(int) size];
        image[(int) size - 1] = 7;
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        assertEquals(3, BlockChecksums.write(new ByteArrayInputStream(image), size, out));

        DataInputStream checksums = new DataInputStream(new ByteArrayInputStream(out.toByteArray()));
        assertEquals(24, out.size());
        long first = checksums.readLong();
        assertEquals(first, checksums.readLong(), "two zero blocks hash alike");
        assertEquals(BlockChecksums.hash(image, 2 << 16, 512), checksums.readLong());
        assertNotEquals(BlockChecksums.hash(new byte[512], 0, 512), BlockChecksums.hash(image, 2 << 16, 512));
    }

    @Test
    void anImageShorterThanTheDiskIsAnError() {
        assertThrows(EOFException.class,
                () -> BlockChecksums.write(new ByteArrayInputStream(new byte[65536]), 1L << 20, new ByteArrayOutputStream()));
    }

    @Test
    void summarisesEachDisk() {
        assertEquals("/dev/sdb (d1): 1024 blocks compared, 3 differed (sent); /dev/sdc (d2): not compared yet",
                DiskResync.summary(List.of(new DiskResync("d1", "/dev/sdb", true, 1024, 3),
                        new DiskResync("d2", "/dev/sdc", false, 0, 0))));
    }
}
