package org.lifeboat.cache;

import java.io.IOException;
import java.util.Objects;

/**
 * A segment blob cannot be opened: it is not one, it is cut short, or it fails authentication. No
 * byte of its content is handed out.
 */
public class CorruptSegmentException extends IOException {

    private static final long serialVersionUID = 1L;

    /** What was wrong, for logs, alerts and metrics. */
    public enum Reason {
        /** The blob is shorter or longer than its header says. */
        TRUNCATED,
        /** The blob does not start with "LBS1". */
        NOT_A_SEGMENT,
        /** A format version or compression this server does not know. */
        UNSUPPORTED_FORMAT,
        /** A header field is out of range. */
        BAD_HEADER,
        /** AES-GCM refused a chunk: the vault key is not the one it was sealed with, or a byte was changed. */
        AUTHENTICATION_FAILED,
        /** The content authenticated but does not expand to the length the header gives. */
        BAD_CONTENT
    }

    private final Reason reason;

    public CorruptSegmentException(Reason reason, String message) {
        super(message);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    public CorruptSegmentException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    public Reason reason() {
        return reason;
    }
}
