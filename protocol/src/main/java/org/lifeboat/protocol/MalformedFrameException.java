package org.lifeboat.protocol;

import java.io.IOException;
import java.util.Objects;

/**
 * The bytes on the wire are not a valid frame or message. The connection they
 * came from cannot be trusted to be in step any more and should be closed.
 */
public class MalformedFrameException extends IOException {

    private static final long serialVersionUID = 1L;

    /** What was wrong, for logs, metrics and the ERROR reply. */
    public enum Reason {
        /** The stream ended inside a frame. */
        TRUNCATED,
        /** The frame does not start with "LBF1". */
        BAD_MAGIC,
        /** The CRC32C trailer does not match the header and payload. */
        BAD_CRC,
        /** The length prefix exceeds {@link ProtocolLimits#MAX_PAYLOAD_BYTES}. */
        OVERSIZE,
        /** The type byte is not a known {@link FrameType}. */
        UNKNOWN_TYPE,
        /** The frame type needs a payload but the frame has none. */
        EMPTY_PAYLOAD,
        /** Flags or reserved header bits are set. */
        BAD_HEADER,
        /** The frame is sound but its payload does not decode as its message. */
        BAD_PAYLOAD
    }

    private final Reason reason;

    public MalformedFrameException(Reason reason, String message) {
        super(message);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    public Reason reason() {
        return reason;
    }
}
