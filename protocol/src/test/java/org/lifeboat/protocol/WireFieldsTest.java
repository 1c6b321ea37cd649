package org.lifeboat.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every field type at the edges of what it can carry, as bytes on the wire: big-endian, nothing
 * clipped, one value over refused by the sender. Written after mutation testing (bench/mutation) showed
 * shifted length bytes and moved bounds went unnoticed by the round trips of small values.
 */
class WireFieldsTest {

    private static final String DISK = "3f2a0c1e-disk-0";

    @Test
    void dataLengthsAreFourBigEndianBytesAtEverySize() throws IOException {
        for (int length : new int[] {512, 4096, 65_536 + 512, (1 << 20) + 512, ProtocolLimits.MAX_DATA_BYTES}) {
            byte[] data = new byte[length];
            data[0] = 1;
            data[length - 1] = 2;
            DataRecord record = new DataRecord(DISK, 1, 0, 0, data);

            ByteBuffer payload = ByteBuffer.wrap(record.toFrame().payload());
            int lengthField = 2 + DISK.length() + 3 * Long.BYTES;
            assertEquals(length, payload.getInt(lengthField), "length field of a " + length + "-byte record");
            assertEquals(lengthField + Integer.BYTES + length, payload.capacity());
            assertEquals(record, ChangeRecord.from(RawFrame.throughTheWire(record.toFrame())));
        }
    }

    @Test
    void sixteenBitFieldsCarryTheirWholeRange() throws IOException {
        for (int version : new int[] {0, 0x0102, 0xFFFF}) {
            Hello hello = new Hello(version, "host", "1.0", "", new byte[0]);
            Frame frame = hello.toFrame();

            assertEquals(version, ByteBuffer.wrap(frame.payload()).getShort() & 0xFFFF);
            assertEquals(hello, Hello.from(RawFrame.throughTheWire(frame)));
        }
    }

    @Test
    void aStringOfTheLongestLengthPassesAndOneByteMoreIsRefusedBySender() throws IOException {
        Welcome longest = new Welcome("server", "1.0", "session", "x".repeat(0xFFFF));

        assertEquals(longest, Welcome.from(RawFrame.throughTheWire(longest.toFrame())));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Welcome("server", "1.0", "session", "x".repeat(0x10000)).toFrame());
        assertTrue(e.getMessage().contains("message is 65536 bytes long; at most 65535 fit"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> new Hello(1, "host", "1.0", "agent", new byte[0x10000]).toFrame());
    }

    @Test
    void aConsistencyByteOutsideTheKnownCodesIsNamed() {
        for (int code : new int[] {0, 3, 0xFF}) {
            Frame bookmark = new PayloadWriter().string("diskId", DISK).u64("sequence", 1).u64("sourceTime", 0)
                    .string("bookmarkId", "b").u8("consistency", code).toFrame(FrameType.BOOKMARK);

            MalformedFrameException e = assertThrows(MalformedFrameException.class,
                    () -> ChangeRecord.from(bookmark));
            assertTrue(e.getMessage().contains("unknown consistency " + code), e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> new PayloadWriter().u8("consistency", 0x100));
        assertThrows(IllegalArgumentException.class, () -> new PayloadWriter().u8("consistency", -1));
        assertThrows(IllegalArgumentException.class, () -> new PayloadWriter().u16("disk count", 0x10000));
        assertThrows(IllegalArgumentException.class, () -> new PayloadWriter().u16("disk count", -1));
    }

    @Test
    void aResumeOfManyDisksRoundTrips() throws IOException {
        List<Resume.DiskResume> disks = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            disks.add(new Resume.DiskResume("disk-" + i, 512L * (i + 1), i));
        }
        Resume resume = new Resume(disks);

        Frame frame = resume.toFrame();

        assertEquals(300, ByteBuffer.wrap(frame.payload()).getShort());
        assertEquals(resume, Resume.from(RawFrame.throughTheWire(frame)));
    }

    @Test
    void aFramesWireFormIsExactlyWhatTheWriterSendsAndCannotBeChanged() {
        Frame frame = new Ack(DISK, 7).toFrame();

        ByteBuffer wire = frame.wire();

        byte[] bytes = new byte[wire.remaining()];
        wire.get(bytes);
        assertArrayEquals(RawFrame.bytesOf(frame), bytes);
        assertEquals(12 + frame.payloadLength() + 4, frame.wireLength());
        assertEquals(frame.wireLength(), bytes.length);
        assertTrue(frame.wire().isReadOnly());
    }

    @Test
    void aStreamOfZerosIsNotACleanEnd() {
        // the first byte of a frame is never 0 (the magic starts "L"), so zeros are garbage, not an end
        MalformedFrameException e = assertThrows(MalformedFrameException.class,
                () -> new FrameReader(new ByteArrayInputStream(new byte[16])).read());

        assertEquals(MalformedFrameException.Reason.BAD_MAGIC, e.reason());
        assertTrue(e.getMessage().contains("\"....\""), e.getMessage());
    }

    @Test
    void badMagicShowsPrintableBytesAsTheyAreAndTheRestAsDots() {
        byte[] header = new byte[12];
        header[0] = 0x1F;
        header[1] = 0x20;
        header[2] = 0x7E;
        header[3] = 0x7F;

        MalformedFrameException e = assertThrows(MalformedFrameException.class,
                () -> new FrameReader(new ByteArrayInputStream(header)).read());

        assertTrue(e.getMessage().contains("(\". ~.\")"), e.getMessage());
    }
}
