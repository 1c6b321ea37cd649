package org.lifeboat.protocol;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.Objects;
import java.util.Optional;
import java.util.zip.CRC32C;

import static org.lifeboat.protocol.MalformedFrameException.Reason.BAD_CRC;
import static org.lifeboat.protocol.MalformedFrameException.Reason.OVERSIZE;
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
        return read(ProtocolLimits.MAX_PAYLOAD_BYTES, PayloadBudget.UNLIMITED);
    }

    /**
     * The next frame, its payload at most {@code maxPayloadBytes} (the limit of the conversation's
     * current state, e.g. {@link ProtocolLimits#MAX_HELLO_PAYLOAD_BYTES} before authentication). The
     * header's declared length is checked against that limit and then reserved from the budget, both
     * before the frame's buffer is allocated.
     *
     * @throws MalformedFrameException with {@code OVERSIZE} if the header declares more than the limit
     */
    public Optional<Frame> read(int maxPayloadBytes, PayloadBudget budget) throws IOException {
        int first = in.read();
        if (first < 0) {
            return Optional.empty();
        }
        byte[] headerBytes = new byte[FrameHeader.BYTES];
        headerBytes[0] = (byte) first;
        readFully(headerBytes, 0, 1, headerBytes.length, "header");
        FrameHeader header = FrameHeader.decode(headerBytes);
        if (header.payloadLength() > maxPayloadBytes) {
            throw new MalformedFrameException(OVERSIZE, String.format(
                    "%s frame declares %d payload bytes, more than the %d allowed at this point of the conversation",
                    header.type(), header.payloadLength(), maxPayloadBytes));
        }
        budget.reserve(FrameHeader.BYTES + header.payloadLength() + FrameHeader.TRAILER_BYTES);

        // the frame's one buffer: header, payload and trailer as read, kept as they are
        byte[] wire = new byte[FrameHeader.BYTES + header.payloadLength() + FrameHeader.TRAILER_BYTES];
        System.arraycopy(headerBytes, 0, wire, 0, FrameHeader.BYTES);
        int crcAt = FrameHeader.BYTES + header.payloadLength();
        readFully(wire, FrameHeader.BYTES, FrameHeader.BYTES, crcAt, "payload of a " + header.type() + " frame");
        readFully(wire, crcAt, crcAt, wire.length, "CRC32C of a " + header.type() + " frame");

        long expected = Integer.toUnsignedLong(ByteBuffer.wrap(wire, crcAt, FrameHeader.TRAILER_BYTES).getInt());
        CRC32C crc = new CRC32C();
        crc.update(wire, 0, crcAt);
        if (crc.getValue() != expected) {
            throw new MalformedFrameException(BAD_CRC, String.format(
                    "%s frame fails its CRC32C check: trailer says 0x%08X, header and payload give 0x%08X",
                    header.type(), expected, crc.getValue()));
        }
        return Optional.of(Frame.read(header.type(), wire));
    }

    /** Fills {@code buffer[from..to)}, the rest of the part that starts at {@code partStart}. */
    private void readFully(byte[] buffer, int partStart, int from, int to, String part) throws IOException {
        int read = in.readNBytes(buffer, from, to - from);
        if (read < to - from) {
            throw new MalformedFrameException(TRUNCATED, String.format(
                    "stream ended after %d of the %d bytes of the %s", from - partStart + read, to - partStart, part));
        }
    }
}
