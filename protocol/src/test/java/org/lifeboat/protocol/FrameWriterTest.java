package org.lifeboat.protocol;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.HexFormat;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class FrameWriterTest {

    private static final HexFormat HEX = HexFormat.of();

    /** Pins the wire format; the CRC was checked against an independent CRC32C implementation. */
    @Test
    void writesAHeartbeatExactlyAsSpecified() {
        byte[] bytes = RawFrame.bytesOf(Frame.empty(FrameType.HEARTBEAT));

        assertEquals("4c424631" + "04" + "00" + "0000" + "00000000" + "9bdee96c", HEX.formatHex(bytes));
    }

    @Test
    void writesAPayloadBetweenHeaderAndCrc() {
        byte[] bytes = RawFrame.bytesOf(new Frame(FrameType.WELCOME, new byte[] {0, 0}));

        assertEquals("4c424631" + "02" + "00" + "0000" + "00000002" + "0000" + "c6a3be89", HEX.formatHex(bytes));
    }

    @Test
    void aFullSizeFrameSurvivesTheRoundTrip() throws IOException {
        byte[] payload = new byte[ProtocolLimits.MAX_PAYLOAD_BYTES];
        for (int i = 0; i < payload.length; i++) {
            payload[i] = (byte) (i * 31);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        new FrameWriter(out).write(new Frame(FrameType.HEARTBEAT, payload));
        Optional<Frame> read = new FrameReader(new ByteArrayInputStream(out.toByteArray())).read();

        assertArrayEquals(payload, read.orElseThrow().payload());
    }
}
