package org.lifeboat.protocol;

import java.nio.ByteBuffer;

import static org.lifeboat.protocol.MalformedFrameException.Reason.BAD_HEADER;
import static org.lifeboat.protocol.MalformedFrameException.Reason.BAD_MAGIC;
import static org.lifeboat.protocol.MalformedFrameException.Reason.EMPTY_PAYLOAD;
import static org.lifeboat.protocol.MalformedFrameException.Reason.OVERSIZE;
import static org.lifeboat.protocol.MalformedFrameException.Reason.UNKNOWN_TYPE;

/**
 * The fixed 12 bytes in front of every payload, big-endian:
 * magic "LBF1", type u8, flags u8, reserved u16, payload length u32.
 * A CRC32C u32 over header and payload follows the payload.
 */
record FrameHeader(FrameType type, int payloadLength) {

    static final int BYTES = 12;
    static final int TRAILER_BYTES = 4;

    private static final int MAGIC = 0x4C424631;

    /** Writes the header into the first {@value #BYTES} bytes of a frame's wire form. */
    void encodeInto(byte[] wire) {
        ByteBuffer.wrap(wire, 0, BYTES)
                .putInt(MAGIC)
                .put((byte) type.code())
                .put((byte) 0)
                .putShort((short) 0)
                .putInt(payloadLength);
    }

    /**
     * Validates everything the header alone can tell, so that a bad length is
     * refused before any payload buffer is allocated.
     */
    static FrameHeader decode(byte[] header) throws MalformedFrameException {
        ByteBuffer buffer = ByteBuffer.wrap(header);
        int magic = buffer.getInt();
        int typeCode = Byte.toUnsignedInt(buffer.get());
        int flags = Byte.toUnsignedInt(buffer.get());
        int reserved = Short.toUnsignedInt(buffer.getShort());
        long length = Integer.toUnsignedLong(buffer.getInt());

        if (magic != MAGIC) {
            throw new MalformedFrameException(BAD_MAGIC, String.format(
                    "bad magic 0x%08X (\"%s\"), expected 0x%08X (\"LBF1\")",
                    magic, printable(header, 4), MAGIC));
        }
        FrameType type = FrameType.fromCode(typeCode).orElseThrow(() ->
                new MalformedFrameException(UNKNOWN_TYPE, "unknown frame type " + typeCode));
        if (flags != 0) {
            throw new MalformedFrameException(BAD_HEADER, String.format(
                    "%s frame has flags 0x%02X, but no flags are defined", type, flags));
        }
        if (reserved != 0) {
            throw new MalformedFrameException(BAD_HEADER, String.format(
                    "%s frame has reserved header bits 0x%04X set", type, reserved));
        }
        if (length > ProtocolLimits.MAX_PAYLOAD_BYTES) {
            throw new MalformedFrameException(OVERSIZE, "payload length " + length
                    + " exceeds the " + ProtocolLimits.MAX_PAYLOAD_BYTES + "-byte limit");
        }
        if (length == 0 && !type.emptyPayloadAllowed()) {
            throw new MalformedFrameException(EMPTY_PAYLOAD, type + " frame has an empty payload");
        }
        return new FrameHeader(type, (int) length);
    }

    /** Shows what a peer sent instead of a frame, e.g. "GET " from an HTTP client. */
    private static String printable(byte[] bytes, int count) {
        StringBuilder text = new StringBuilder(count);
        for (int i = 0; i < count; i++) {
            byte b = bytes[i];
            text.append(b >= 0x20 && b < 0x7F ? (char) b : '.');
        }
        return text.toString();
    }
}
