package org.lifeboat.protocol;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/**
 * Writes frames to a stream, flushing after each. Not thread-safe; one writer
 * owns its stream.
 */
public final class FrameWriter {

    private final OutputStream out;

    public FrameWriter(OutputStream out) {
        // Header, payload and trailer are written separately; buffering sends a
        // small frame as one TLS record instead of three.
        this.out = new BufferedOutputStream(out);
    }

    public void write(Frame frame) throws IOException {
        byte[] header = FrameHeader.of(frame).encode();
        byte[] payload = frame.payload();
        CRC32C crc = new CRC32C();
        crc.update(header);
        crc.update(payload);

        out.write(header);
        out.write(payload);
        out.write(ByteBuffer.allocate(FrameHeader.TRAILER_BYTES).putInt((int) crc.getValue()).array());
        out.flush();
    }
}
