package org.lifeboat.protocol;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Arrays;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class WelcomeTest {

    private static final Welcome WELCOME = new Welcome("process-server-1", "0.1.0-SNAPSHOT",
            "9b2f6c1e", "replication paused for maintenance");

    @Test
    void survivesTheRoundTripOverTheWire() throws IOException {
        byte[] wire = RawFrame.bytesOf(WELCOME.toFrame());

        Frame frame = new FrameReader(new ByteArrayInputStream(wire)).read().orElseThrow();

        assertEquals(WELCOME, Welcome.from(frame));
    }

    @Test
    void allowsAnEmptyMessage() throws IOException {
        Welcome welcome = new Welcome("ps1", "0.1.0", "s-1", "");

        assertEquals(welcome, Welcome.from(welcome.toFrame()));
    }

    @Test
    void rejectsAShortPayload() {
        byte[] payload = WELCOME.toFrame().payload();
        Frame frame = new Frame(FrameType.WELCOME, Arrays.copyOf(payload, payload.length - 1));

        MalformedFrameException e = assertThrows(MalformedFrameException.class, () -> Welcome.from(frame));

        assertEquals(MalformedFrameException.Reason.BAD_PAYLOAD, e.reason());
        assertEquals("WELCOME payload: message needs 34 bytes at offset 46, but only 33 remain", e.getMessage());
    }

    @Test
    void rejectsTrailingBytes() {
        byte[] payload = WELCOME.toFrame().payload();
        Frame frame = new Frame(FrameType.WELCOME, Arrays.copyOf(payload, payload.length + 1));

        MalformedFrameException e = assertThrows(MalformedFrameException.class, () -> Welcome.from(frame));

        assertEquals(MalformedFrameException.Reason.BAD_PAYLOAD, e.reason());
    }

    @Test
    void refusesToDecodeAnotherFrameType() {
        Frame error = new ErrorReply(ErrorCode.INTERNAL, "boom").toFrame();

        assertThrows(IllegalArgumentException.class, () -> Welcome.from(error));
    }
}
