package org.lifeboat.protocol;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;

import static org.lifeboat.protocol.MalformedFrameException.Reason.BAD_PAYLOAD;

/**
 * Takes a message payload apart field by field, the counterpart of
 * {@link PayloadWriter}. Every failure names the message and the field.
 */
final class PayloadReader {

    private final FrameType type;
    private final ByteBuffer buffer;

    private PayloadReader(FrameType type, ByteBuffer payload) {
        this.type = type;
        this.buffer = payload;
    }

    /**
     * @throws IllegalArgumentException if the frame is of another type; callers
     *         dispatch on {@link Frame#type()} before decoding
     */
    static PayloadReader of(Frame frame, FrameType expected) {
        if (frame.type() != expected) {
            throw new IllegalArgumentException("expected a " + expected + " frame, got " + frame.type());
        }
        return new PayloadReader(expected, frame.payloadBuffer());
    }

    int u16(String field) throws MalformedFrameException {
        require(field, Short.BYTES);
        return Short.toUnsignedInt(buffer.getShort());
    }

    int u8(String field) throws MalformedFrameException {
        require(field, Byte.BYTES);
        return Byte.toUnsignedInt(buffer.get());
    }

    long u64(String field) throws MalformedFrameException {
        require(field, Long.BYTES);
        return buffer.getLong();
    }

    /** A block of disk data: u32 length, then the bytes; the frame limit bounds the length. */
    byte[] data(String field) throws MalformedFrameException {
        require(field + " length", Integer.BYTES);
        long length = Integer.toUnsignedLong(buffer.getInt());
        if (length > buffer.remaining()) {
            throw malformed(String.format("%s declares %d bytes, but only %d remain", field, length, buffer.remaining()));
        }
        byte[] bytes = new byte[(int) length];
        buffer.get(bytes);
        return bytes;
    }

    String string(String field) throws MalformedFrameException {
        byte[] bytes = bytes(field);
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw malformed(field + " is not valid UTF-8");
        }
    }

    byte[] bytes(String field) throws MalformedFrameException {
        int length = u16(field + " length");
        require(field, length);
        byte[] bytes = new byte[length];
        buffer.get(bytes);
        return bytes;
    }

    /** Rejects bytes left over after the last field. */
    void end() throws MalformedFrameException {
        if (buffer.hasRemaining()) {
            int extra = buffer.remaining();
            throw malformed(extra + (extra == 1 ? " unexpected byte" : " unexpected bytes") + " after the last field");
        }
    }

    MalformedFrameException malformed(String problem) {
        return new MalformedFrameException(BAD_PAYLOAD, type + " payload: " + problem);
    }

    private void require(String field, int count) throws MalformedFrameException {
        if (buffer.remaining() < count) {
            throw malformed(String.format("%s needs %d bytes at offset %d, but only %d remain",
                    field, count, buffer.position(), buffer.remaining()));
        }
    }
}
