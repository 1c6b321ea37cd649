package org.lifeboat.protocol;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Objects;
import java.util.zip.CRC32C;

/**
 * One frame as it travels between agent and server: its type and its payload.
 * <p>
 * A frame keeps its wire form (header, payload, CRC32C trailer) in one array, built once: a frame
 * read from a stream is the bytes read, and a frame journaled or sent again is those same bytes, so a
 * 4 MiB block is not copied from one buffer to the next on its way (measured: seven copies per byte on
 * the process server's receive path had the garbage collector take more CPU than TLS). It stays
 * immutable: the payload is copied in from callers and out to them, and shared only read-only.
 */
public final class Frame {

    private final FrameType type;
    private final byte[] wire;

    /** A frame of this type carrying a copy of the payload. */
    public Frame(FrameType type, byte[] payload) {
        this(wireOf(type, Objects.requireNonNull(payload, "payload")), type);
    }

    /** Takes the wire form as it is (wire first, to tell it from the public constructor). */
    private Frame(byte[] wire, FrameType type) {
        this.type = type;
        this.wire = wire;
    }

    /**
     * Adopts a buffer that holds header, payload and a free 4-byte trailer, payload already in
     * place (see {@link PayloadWriter}): validates the length, writes header and trailer.
     */
    static Frame adopt(FrameType type, byte[] wire) {
        int length = wire.length - FrameHeader.BYTES - FrameHeader.TRAILER_BYTES;
        requireValid(type, length);
        seal(type, wire, length);
        return new Frame(wire, type);
    }

    /** Adopts the bytes of a frame read off a stream, its header and CRC already checked. */
    static Frame read(FrameType type, byte[] wire) {
        return new Frame(wire, type);
    }

    /** A frame without payload, for the types that allow one. */
    public static Frame empty(FrameType type) {
        return new Frame(type, new byte[0]);
    }

    public FrameType type() {
        return type;
    }

    /** A copy of the payload. */
    public byte[] payload() {
        return Arrays.copyOfRange(wire, FrameHeader.BYTES, FrameHeader.BYTES + payloadLength());
    }

    public int payloadLength() {
        return wire.length - FrameHeader.BYTES - FrameHeader.TRAILER_BYTES;
    }

    /** The payload, read-only, without copying it. */
    ByteBuffer payloadBuffer() {
        return ByteBuffer.wrap(wire, FrameHeader.BYTES, payloadLength()).slice().asReadOnlyBuffer();
    }

    /** The frame exactly as it goes on the wire (header, payload, CRC32C trailer), read-only. */
    public ByteBuffer wire() {
        return ByteBuffer.wrap(wire).asReadOnlyBuffer();
    }

    /** Bytes on the wire: header, payload and trailer. */
    public int wireLength() {
        return wire.length;
    }

    /** For {@link FrameWriter}: the wire form itself, never handed out. */
    byte[] wireBytes() {
        return wire;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Frame frame
                && type == frame.type
                && Arrays.equals(wire, FrameHeader.BYTES, FrameHeader.BYTES + payloadLength(),
                frame.wire, FrameHeader.BYTES, FrameHeader.BYTES + frame.payloadLength());
    }

    @Override
    public int hashCode() {
        int hash = type.hashCode();
        for (int i = FrameHeader.BYTES; i < FrameHeader.BYTES + payloadLength(); i++) {
            hash = 31 * hash + wire[i];
        }
        return hash;
    }

    @Override
    public String toString() {
        return "Frame[" + type + ", " + payloadLength() + " bytes]";
    }

    private static byte[] wireOf(FrameType type, byte[] payload) {
        int length = payload.length;
        requireValid(type, length);
        byte[] wire = new byte[FrameHeader.BYTES + length + FrameHeader.TRAILER_BYTES];
        System.arraycopy(payload, 0, wire, FrameHeader.BYTES, length);
        seal(type, wire, length);
        return wire;
    }

    private static void requireValid(FrameType type, int length) {
        Objects.requireNonNull(type, "type");
        if (length > ProtocolLimits.MAX_PAYLOAD_BYTES) {
            throw new IllegalArgumentException("payload length " + length
                    + " exceeds the " + ProtocolLimits.MAX_PAYLOAD_BYTES + "-byte limit");
        }
        if (length == 0 && !type.emptyPayloadAllowed()) {
            throw new IllegalArgumentException(type + " frames need a payload");
        }
    }

    /** Writes the header in front of the payload and the CRC32C of both behind it. */
    private static void seal(FrameType type, byte[] wire, int length) {
        new FrameHeader(type, length).encodeInto(wire);
        CRC32C crc = new CRC32C();
        crc.update(wire, 0, FrameHeader.BYTES + length);
        ByteBuffer.wrap(wire, FrameHeader.BYTES + length, FrameHeader.TRAILER_BYTES).putInt((int) crc.getValue());
    }
}
