package org.lifeboat.protocol;

import java.util.Optional;

/**
 * The kinds of frame and their wire codes.
 * <p>
 * Codes 16 (DATA), 17 (BOOKMARK) and 18 (ACK) are reserved for the replication
 * stream; until they are added here a reader rejects them like any unknown code.
 */
public enum FrameType {

    /** Agent to server, always the first frame of a connection. */
    HELLO(1, false),
    /** Server to agent: the handshake succeeded. */
    WELCOME(2, false),
    /** Server to agent: the request was refused; the server closes the connection after it. */
    ERROR(3, false),
    /** Either direction: keeps an idle connection alive. */
    HEARTBEAT(4, true);

    private final int code;
    private final boolean emptyPayloadAllowed;

    FrameType(int code, boolean emptyPayloadAllowed) {
        this.code = code;
        this.emptyPayloadAllowed = emptyPayloadAllowed;
    }

    public int code() {
        return code;
    }

    public boolean emptyPayloadAllowed() {
        return emptyPayloadAllowed;
    }

    public static Optional<FrameType> fromCode(int code) {
        for (FrameType type : values()) {
            if (type.code == code) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }
}
