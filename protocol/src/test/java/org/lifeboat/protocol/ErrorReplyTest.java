package org.lifeboat.protocol;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Arrays;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ErrorReplyTest {

    @ParameterizedTest
    @EnumSource(ErrorCode.class)
    void survivesTheRoundTripOverTheWireWithEveryCode(ErrorCode code) throws IOException {
        ErrorReply reply = new ErrorReply(code, "protocol version 9 is not supported; this server speaks 1");
        byte[] wire = RawFrame.bytesOf(reply.toFrame());

        Frame frame = new FrameReader(new ByteArrayInputStream(wire)).read().orElseThrow();

        assertEquals(reply, ErrorReply.from(frame));
    }

    @Test
    void carriesTheWireCodeFirst() {
        byte[] payload = new ErrorReply(ErrorCode.SERVER_BUSY, "").toFrame().payload();

        assertEquals(Arrays.toString(new byte[] {0, 4, 0, 0}), Arrays.toString(payload));
    }

    @Test
    void rejectsAnUnknownCode() {
        Frame frame = new Frame(FrameType.ERROR, new byte[] {0, 99, 0, 0});

        MalformedFrameException e = assertThrows(MalformedFrameException.class, () -> ErrorReply.from(frame));

        assertEquals(MalformedFrameException.Reason.BAD_PAYLOAD, e.reason());
        assertEquals("ERROR payload: unknown error code 99", e.getMessage());
    }

    @Test
    void rejectsAShortPayload() {
        Frame frame = new Frame(FrameType.ERROR, new byte[] {0, 1, 0, 3, 'n'});

        MalformedFrameException e = assertThrows(MalformedFrameException.class, () -> ErrorReply.from(frame));

        assertEquals(MalformedFrameException.Reason.BAD_PAYLOAD, e.reason());
    }

    @Test
    void rejectsTrailingBytes() {
        Frame frame = new Frame(FrameType.ERROR, new byte[] {0, 1, 0, 0, 42});

        MalformedFrameException e = assertThrows(MalformedFrameException.class, () -> ErrorReply.from(frame));

        assertEquals("ERROR payload: 1 unexpected byte after the last field", e.getMessage());
    }
}
