package org.lifeboat.protocol;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class FrameTest {

    @Test
    void refusesAPayloadOverTheLimit() {
        byte[] payload = new byte[ProtocolLimits.MAX_PAYLOAD_BYTES + 1];

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Frame(FrameType.HEARTBEAT, payload));

        assertEquals("payload length 4198401 exceeds the 4198400-byte limit", e.getMessage());
    }

    @Test
    void refusesAnEmptyPayloadWhereTheTypeNeedsOne() {
        assertThrows(IllegalArgumentException.class, () -> Frame.empty(FrameType.WELCOME));
    }

    @Test
    void cannotBeChangedThroughItsPayloadArrays() {
        byte[] payload = {1, 2, 3};
        Frame frame = new Frame(FrameType.HEARTBEAT, payload);

        payload[0] = 9;
        frame.payload()[1] = 9;

        assertEquals(new Frame(FrameType.HEARTBEAT, new byte[] {1, 2, 3}), frame);
    }
}
