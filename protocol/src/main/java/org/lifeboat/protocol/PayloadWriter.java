package org.lifeboat.protocol;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Builds a message payload from the protocol's field types: u8, u16, u64, strings
 * and byte arrays each as a u16 length followed by their bytes, and data blocks
 * as a u32 length followed by their bytes. It writes straight into the frame's wire
 * buffer, behind room for the header, so a frame is built without copying its payload again.
 */
final class PayloadWriter {

    private static final int MAX_U16 = 0xFFFF;

    private final WireBuffer bytes;

    PayloadWriter() {
        this(64);
    }

    /** @param expectedPayloadBytes the payload's size if known, so the buffer is allocated once */
    PayloadWriter(int expectedPayloadBytes) {
        bytes = new WireBuffer(expectedPayloadBytes);
    }

    PayloadWriter u16(String field, int value) {
        if (value < 0 || value > MAX_U16) {
            throw new IllegalArgumentException(field + " " + value + " does not fit in 16 bits");
        }
        bytes.write(value >>> 8);
        bytes.write(value);
        return this;
    }

    PayloadWriter u8(String field, int value) {
        if (value < 0 || value > 0xFF) {
            throw new IllegalArgumentException(field + " " + value + " does not fit in 8 bits");
        }
        bytes.write(value);
        return this;
    }

    PayloadWriter u64(String field, long value) {
        for (int shift = 56; shift >= 0; shift -= 8) {
            bytes.write((int) (value >>> shift));
        }
        return this;
    }

    /** A block of disk data: u32 length, then the bytes. */
    PayloadWriter data(String field, byte[] value) {
        int length = value.length;
        bytes.write(length >>> 24);
        bytes.write(length >>> 16);
        bytes.write(length >>> 8);
        bytes.write(length);
        bytes.writeBytes(value);
        return this;
    }

    PayloadWriter string(String field, String value) {
        return bytes(field, value.getBytes(StandardCharsets.UTF_8));
    }

    PayloadWriter bytes(String field, byte[] value) {
        if (value.length > MAX_U16) {
            throw new IllegalArgumentException(field + " is " + value.length
                    + " bytes long; at most " + MAX_U16 + " fit");
        }
        u16(field + " length", value.length);
        bytes.writeBytes(value);
        return this;
    }

    Frame toFrame(FrameType type) {
        return Frame.adopt(type, bytes.finish());
    }

    /** A growing byte array with the header's room in front and the trailer's room kept at the end. */
    private static final class WireBuffer {
        private byte[] buffer;
        private int size = FrameHeader.BYTES;

        WireBuffer(int expectedPayloadBytes) {
            buffer = new byte[FrameHeader.BYTES + expectedPayloadBytes + FrameHeader.TRAILER_BYTES];
        }

        void write(int b) {
            ensure(1);
            buffer[size++] = (byte) b;
        }

        void writeBytes(byte[] value) {
            ensure(value.length);
            System.arraycopy(value, 0, buffer, size, value.length);
            size += value.length;
        }

        byte[] finish() {
            int length = size + FrameHeader.TRAILER_BYTES;
            return length == buffer.length ? buffer : Arrays.copyOf(buffer, length);
        }

        private void ensure(int more) {
            long needed = (long) size + more + FrameHeader.TRAILER_BYTES;
            if (needed > buffer.length) {
                if (needed > Integer.MAX_VALUE - 8) {
                    throw new IllegalArgumentException("payload too large");
                }
                long grown = Math.min(Integer.MAX_VALUE - 8L, 2L * buffer.length);
                buffer = Arrays.copyOf(buffer, (int) Math.max(needed, grown));
            }
        }
    }
}
