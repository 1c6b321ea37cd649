package org.lifeboat.protocol;

import java.util.Arrays;
import java.util.Objects;

/**
 * One frame as it travels between agent and server: its type and its payload.
 * <p>
 * The payload is copied in and out so that a frame stays immutable.
 */
public record Frame(FrameType type, byte[] payload) {

    public Frame {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(payload, "payload");
        if (payload.length > ProtocolLimits.MAX_PAYLOAD_BYTES) {
            throw new IllegalArgumentException("payload length " + payload.length
                    + " exceeds the " + ProtocolLimits.MAX_PAYLOAD_BYTES + "-byte limit");
        }
        if (payload.length == 0 && !type.emptyPayloadAllowed()) {
            throw new IllegalArgumentException(type + " frames need a payload");
        }
        payload = payload.clone();
    }

    /** A frame without payload, for the types that allow one. */
    public static Frame empty(FrameType type) {
        return new Frame(type, new byte[0]);
    }

    @Override
    public byte[] payload() {
        return payload.clone();
    }

    public int payloadLength() {
        return payload.length;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Frame frame
                && type == frame.type
                && Arrays.equals(payload, frame.payload);
    }

    @Override
    public int hashCode() {
        return 31 * type.hashCode() + Arrays.hashCode(payload);
    }

    @Override
    public String toString() {
        return "Frame[" + type + ", " + payload.length + " bytes]";
    }
}
