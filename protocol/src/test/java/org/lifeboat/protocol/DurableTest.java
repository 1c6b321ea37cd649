package org.lifeboat.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import org.junit.jupiter.api.Test;

/** The durability notice on the wire: its round trip, its bounds, and every way it can be malformed. */
class DurableTest {

    private static final String DISK = "3f2a0c1e-disk-0";

    @Test
    void aNoticeRoundTripsThroughTheWireWithItsOwnCode() throws IOException {
        Durable durable = new Durable(DISK, 123_456_789_012L);

        Frame frame = RawFrame.throughTheWire(durable.toFrame());

        assertEquals(FrameType.DURABLE, frame.type());
        assertEquals(20, FrameType.DURABLE.code());
        assertEquals(FrameType.DURABLE, FrameType.fromCode(20).orElseThrow());
        assertEquals(durable, Durable.from(frame));
        assertEquals(new Durable(DISK, 0), Durable.from(RawFrame.throughTheWire(new Durable(DISK, 0).toFrame())));
    }

    @Test
    void anEmptyOrOverlongDiskIdIsRefusedBySenderAndReceiver() {
        assertThrows(IllegalArgumentException.class, () -> new Durable("", 1));
        assertThrows(IllegalArgumentException.class, () -> new Durable(null, 1));
        assertThrows(IllegalArgumentException.class, () -> new Durable("d".repeat(ProtocolLimits.MAX_ID_CHARS + 1), 1));
        new Durable("d".repeat(ProtocolLimits.MAX_ID_CHARS), 1);

        MalformedFrameException empty = assertThrows(MalformedFrameException.class, () -> Durable.from(
                new PayloadWriter().string("diskId", "").u64("durableSequence", 1).toFrame(FrameType.DURABLE)));
        assertEquals(MalformedFrameException.Reason.BAD_PAYLOAD, empty.reason());
        assertTrue(empty.getMessage().contains("DURABLE payload: diskId must be 1 to 64 characters, not 0"),
                empty.getMessage());
        MalformedFrameException overlong = assertThrows(MalformedFrameException.class, () -> Durable.from(
                new PayloadWriter().string("diskId", "d".repeat(65)).u64("durableSequence", 1)
                        .toFrame(FrameType.DURABLE)));
        assertTrue(overlong.getMessage().contains("not 65"), overlong.getMessage());
    }

    @Test
    void aNegativeSequenceIsRefusedBySenderAndReceiver() {
        assertThrows(IllegalArgumentException.class, () -> new Durable(DISK, -1));
        MalformedFrameException e = assertThrows(MalformedFrameException.class, () -> Durable.from(
                new PayloadWriter().string("diskId", DISK).u64("durableSequence", -1).toFrame(FrameType.DURABLE)));
        assertTrue(e.getMessage().contains("durableSequence 18446744073709551615 is out of range"), e.getMessage());
    }

    @Test
    void aTruncatedOrPaddedPayloadIsMalformed() {
        MalformedFrameException shortOne = assertThrows(MalformedFrameException.class, () -> Durable.from(
                new PayloadWriter().string("diskId", DISK).u16("half a sequence", 7).toFrame(FrameType.DURABLE)));
        assertTrue(shortOne.getMessage().contains("durableSequence needs 8 bytes"), shortOne.getMessage());
        MalformedFrameException padded = assertThrows(MalformedFrameException.class, () -> Durable.from(
                new PayloadWriter().string("diskId", DISK).u64("durableSequence", 1).u8("extra", 0)
                        .toFrame(FrameType.DURABLE)));
        assertTrue(padded.getMessage().contains("1 unexpected byte after the last field"), padded.getMessage());
    }

    @Test
    void aDurableFrameWithoutPayloadIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> Frame.empty(FrameType.DURABLE));
    }

    @Test
    void anotherFrameTypeIsNotReadAsANotice() {
        assertThrows(IllegalArgumentException.class, () -> Durable.from(new Ack(DISK, 1).toFrame()));
    }
}
