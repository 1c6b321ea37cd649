package org.lifeboat.seeddisk;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class VhdFooterTest {

    private static final long SIZE = 64L * 1024 * 1024;
    private static final Instant CREATED = Instant.parse("2025-11-25T10:15:30Z");
    private static final UUID ID = UUID.fromString("0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0");

    private final byte[] bytes = new VhdFooter(SIZE, CREATED, ID).toBytes();
    private final ByteBuffer footer = ByteBuffer.wrap(bytes);

    @Test
    void fieldsSitWhereTheSpecificationPutsThem() {
        assertEquals(512, bytes.length);
        assertEquals("conectix", ascii(0, 8));
        assertEquals(0x0000_0002, footer.getInt(8));
        assertEquals(0x0001_0000, footer.getInt(12));
        assertEquals(-1L, footer.getLong(16));
        assertEquals(CREATED.getEpochSecond() - Instant.parse("2000-01-01T00:00:00Z").getEpochSecond(),
                Integer.toUnsignedLong(footer.getInt(24)));
        assertEquals("win ", ascii(28, 4));
        assertEquals("Wi2k", ascii(36, 4));
        assertEquals(SIZE, footer.getLong(40));
        assertEquals(SIZE, footer.getLong(48));
        assertEquals(963, Short.toUnsignedInt(footer.getShort(56)));
        assertEquals(8, bytes[58]);
        assertEquals(17, bytes[59]);
        assertEquals(2, footer.getInt(60));
        assertEquals(ID, new UUID(footer.getLong(68), footer.getLong(76)));
        assertEquals(0, bytes[84]);
        assertTrue(Arrays.equals(bytes, 85, 512, new byte[427], 0, 427), "reserved bytes are zero");
    }

    @Test
    void checksumIsTheOnesComplementOfTheByteSum() {
        assertEquals(expectedChecksum(bytes), footer.getInt(64));
    }

    @Test
    void parsingGivesBackTheSameFooterAndBytes() {
        VhdFooter parsed = VhdFooter.parse(bytes);

        assertEquals(new VhdFooter(SIZE, CREATED, ID), parsed);
        assertArrayEquals(bytes, parsed.toBytes());
    }

    @Test
    void timeStampsKeepWholeSecondsOnly() {
        VhdFooter footer = new VhdFooter(SIZE, CREATED.plusMillis(999), ID);

        assertEquals(CREATED, footer.createdAt());
        assertEquals(footer, VhdFooter.parse(footer.toBytes()));
    }

    @Test
    void anyChangedByteFailsTheChecksum() {
        for (int i : new int[]{8, 30, 47, 55, 59, 70, 84, 300, 511}) {
            byte[] tampered = bytes.clone();
            tampered[i] ^= 0x10;

            InvalidVhdFooterException e = assertThrows(InvalidVhdFooterException.class, () -> VhdFooter.parse(tampered));
            assertTrue(e.getMessage().contains("checksum"), i + ": " + e.getMessage());
        }
    }

    @Test
    void footersThatAreNotFixedVhdsAreRefusedSayingWhy() {
        assertRefused(withField(60, 3), "disk type 3 is not 2 (fixed)");
        assertRefused(withField(12, 0x0002_0000), "version 0x00020000");
        assertRefused(withField(16, 0x200), "data offset");
        byte[] notVhd = bytes.clone();
        notVhd[0] = 'X';
        assertRefused(notVhd, "cookie");
        assertRefused(new byte[511], "512 bytes");
    }

    private byte[] withField(int offset, int value) {
        byte[] changed = bytes.clone();
        ByteBuffer buffer = ByteBuffer.wrap(changed);
        if (offset == 16) {
            buffer.putLong(offset, value);
        } else {
            buffer.putInt(offset, value);
        }
        buffer.putInt(64, expectedChecksum(changed));
        return changed;
    }

    /** The specification's rule: the one's complement of the sum of all bytes but the checksum's own four. */
    private static int expectedChecksum(byte[] footer) {
        int sum = 0;
        for (int i = 0; i < footer.length; i++) {
            sum += i >= 64 && i < 68 ? 0 : Byte.toUnsignedInt(footer[i]);
        }
        return ~sum;
    }

    private static void assertRefused(byte[] footer, String reason) {
        InvalidVhdFooterException e = assertThrows(InvalidVhdFooterException.class, () -> VhdFooter.parse(footer));
        assertTrue(e.getMessage().contains(reason), e.getMessage());
    }

    private String ascii(int offset, int length) {
        return new String(bytes, offset, length, StandardCharsets.US_ASCII);
    }
}
