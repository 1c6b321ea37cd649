package org.lifeboat.protocol;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.Objects;
import java.util.Optional;
import java.util.zip.CRC32C;

import static org.lifeboat.protocol.MalformedFrameException.Reason.BAD_CRC;
import static org.lifeboat.protocol.MalformedFrameException.Reason.TRUNCATED;

/**
 * Reads frames from a stream, one at a time, checking each completely before
 * handing it out. Not thread-safe; one reader owns its stream.
 */
public final class FrameReader {

    private final InputStream in;

    public FrameReader(InputStream in) {
        this.in = Objects.requireNonNull(in, "in");
    }

    /**
     * The next frame, or empty when the stream ends cleanly between frames.
     *
     * @throws MalformedFrameException if the stream ends inside a frame or the frame is invalid
     * @throws IOException if the stream itself fails
     */
    public Optional<Frame> read() throws IOException {
        int first = in.read();
        if (first < 0) {
            return Optional.empty();
        }
        byte[] headerBytes = new byte[FrameHeader.BYTES];
        headerBytes[0] = (byte) first;
        readFully(headerBytes, 1, "header");
        FrameHeader header = FrameHeader.decode(headerBytes);

        byte[] payload = new byte[header.payloadLength()];
        readFully(payload, 0, "payload of a " + header.type() + " frame");
        byte[] trailer = new byte[FrameHeader.TRAILER_BYTES];
        readFully(trailer, 0, "CRC32C of a " + header.type() + " frame");

        long expected = Integer.toUnsignedLong(ByteBuffer.wrap(trailer).getInt());
        CRC32C crc = new CRC32C();
        crc.update(headerBytes);
        crc.update(payload);
        if (crc.getValue() != expected) {
            throw new MalformedFrameException(BAD_CRC, String.format(
                    "%s frame fails its CRC32C check: trailer says 0x%08X, header and payload give 0x%08X",
                    header.type(), expected, crc.getValue()));
        }
        return Optional.of(new Frame(header.type(), payload));
    }

    private void readFully(byte[] buffer, int offset, String part) throws IOException {
        int wanted = buffer.length - offset;
        int read = in.readNBytes(buffer, offset, wanted);
        if (read < wanted) {
            throw new MalformedFrameException(TRUNCATED, String.format(
                    "stream ended after %d of the %d bytes of the %s",
                    offset + read, buffer.length, part));
        }
    }
}
