package org.lifeboat.protocol;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Builds a message payload from the protocol's field types: u8, u16, u64, strings
 * and byte arrays each as a u16 length followed by their bytes, and data blocks
 * as a u32 length followed by their bytes.
 */
final class PayloadWriter {

    private static final int MAX_U16 = 0xFFFF;

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

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
        return new Frame(type, bytes.toByteArray());
    }
}
