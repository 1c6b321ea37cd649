package org.lifeboat.seeddisk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PageWritePlanTest {

    private static final int KIB = 1024;
    private static final int MIB = 1024 * KIB;
    private static final long OFFSET = 7L * MIB + 512;

    private final Random random = new Random(11);

    @Test
    void anAllZeroRunIsOneClearHoweverLong() {
        assertEquals(List.of(new PageWrite(OFFSET, 0, 9 * MIB, true)), PageWritePlan.of(OFFSET, new byte[9 * MIB]));
        assertEquals(List.of(new PageWrite(OFFSET, 0, 512, true)), PageWritePlan.of(OFFSET, new byte[512]));
    }

    @Test
    void dataIsUploadedInCallsOfAtMostFourMebibytes() {
        byte[] data = randomBytes(9 * MIB);

        assertEquals(List.of(
                new PageWrite(OFFSET, 0, 4 * MIB, false),
                new PageWrite(OFFSET + 4 * MIB, 4 * MIB, 4 * MIB, false),
                new PageWrite(OFFSET + 8 * MIB, 8 * MIB, MIB, false)), PageWritePlan.of(OFFSET, data));
    }

    @Test
    void longZeroStretchesAreClearedBetweenUploads() {
        byte[] data = concat(randomBytes(128 * KIB), new byte[64 * KIB], randomBytes(512));

        assertEquals(List.of(
                new PageWrite(OFFSET, 0, 128 * KIB, false),
                new PageWrite(OFFSET + 128 * KIB, 128 * KIB, 64 * KIB, true),
                new PageWrite(OFFSET + 192 * KIB, 192 * KIB, 512, false)), PageWritePlan.of(OFFSET, data));
    }

    @Test
    void shortZeroStretchesTravelWithTheirData() {
        byte[] data = concat(new byte[4 * KIB], randomBytes(512), new byte[64 * KIB - 512], randomBytes(8 * KIB),
                new byte[512]);

        assertEquals(List.of(new PageWrite(OFFSET, 0, data.length, false)), PageWritePlan.of(OFFSET, data));
    }

    @Test
    void aLongLeadingOrTrailingZeroStretchIsCleared() {
        byte[] data = concat(new byte[MIB], randomBytes(4 * KIB), new byte[100 * KIB]);

        assertEquals(List.of(
                new PageWrite(OFFSET, 0, MIB, true),
                new PageWrite(OFFSET + MIB, MIB, 4 * KIB, false),
                new PageWrite(OFFSET + MIB + 4 * KIB, MIB + 4 * KIB, 100 * KIB, true)), PageWritePlan.of(OFFSET, data));
    }

    @Test
    void aMixedRunIsCoveredExactlyOnceAndOnlyZerosAreCleared() {
        byte[] data = new byte[12 * MIB];
        for (int at = 0; at < data.length; ) {
            int length = 512 * (1 + random.nextInt(400));
            if (random.nextBoolean()) {
                byte[] noise = randomBytes(Math.min(length, data.length - at));
                System.arraycopy(noise, 0, data, at, noise.length);
            }
            at += length;
        }

        List<PageWrite> writes = PageWritePlan.of(OFFSET, data);

        long next = OFFSET;
        for (PageWrite write : writes) {
            assertEquals(next, write.blobOffset());
            assertEquals(write.blobOffset() - OFFSET, write.dataIndex());
            assertEquals(0, write.length() % 512);
            if (write.clear()) {
                assertTrue(write.length() >= PageWritePlan.MIN_CLEAR_BYTES);
                assertTrue(isZero(data, write.dataIndex(), write.length()));
            } else {
                assertTrue(write.length() <= PageWritePlan.MAX_UPLOAD_BYTES);
            }
            next = write.blobEnd();
        }
        assertEquals(OFFSET + data.length, next);
    }

    private byte[] randomBytes(int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }

    private static byte[] concat(byte[]... parts) {
        byte[] all = new byte[Arrays.stream(parts).mapToInt(part -> part.length).sum()];
        int at = 0;
        for (byte[] part : parts) {
            System.arraycopy(part, 0, all, at, part.length);
            at += part.length;
        }
        return all;
    }

    private static boolean isZero(byte[] data, int from, int length) {
        for (int i = from; i < from + length; i++) {
            if (data[i] != 0) {
                return false;
            }
        }
        return true;
    }
}
