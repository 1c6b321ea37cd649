package org.lifeboat.protocol;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/** Builds wire bytes field by field, including ones a {@link FrameWriter} would never write. */
final class RawFrame {

    static final int MAGIC = 0x4C424631;

    private int magic = MAGIC;
    private int type;
    private int flags;
    private int reserved;
    private long length = -1;
    private byte[] payload = new byte[0];

    static RawFrame of(FrameType type, byte[] payload) {
        RawFrame frame = new RawFrame();
        frame.type = type.code();
        frame.payload = payload;
        return frame;
    }

    static byte[] bytesOf(Frame frame) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            new FrameWriter(out).write(frame);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** The frame as the peer reads it: written by a {@link FrameWriter}, read back by a {@link FrameReader}. */
    static Frame throughTheWire(Frame frame) throws IOException {
        return new FrameReader(new java.io.ByteArrayInputStream(bytesOf(frame))).read().orElseThrow();
    }

    RawFrame magic(int value) {
        magic = value;
        return this;
    }

    RawFrame type(int value) {
        type = value;
        return this;
    }

    RawFrame flags(int value) {
        flags = value;
        return this;
    }

    RawFrame reserved(int value) {
        reserved = value;
        return this;
    }

    /** Claims a payload length other than the payload's real one. */
    RawFrame length(long value) {
        length = value;
        return this;
    }

    byte[] header() {
        return ByteBuffer.allocate(12)
                .putInt(magic)
                .put((byte) type)
                .put((byte) flags)
                .putShort((short) reserved)
                .putInt((int) (length >= 0 ? length : payload.length))
                .array();
    }

    /** Header, payload and a correct CRC32C trailer. */
    byte[] bytes() {
        byte[] header = header();
        CRC32C crc = new CRC32C();
        crc.update(header);
        crc.update(payload);
        return ByteBuffer.allocate(header.length + payload.length + 4)
                .put(header)
                .put(payload)
                .putInt((int) crc.getValue())
                .array();
    }
}
