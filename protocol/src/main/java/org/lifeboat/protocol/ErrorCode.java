package org.lifeboat.protocol;

import java.util.Optional;

/**
 * Why a server refused an agent, carried in an {@link ErrorReply}.
 */
public enum ErrorCode {

    /** The HELLO's protocol version is not one the server speaks. */
    UNSUPPORTED_VERSION(1),
    /** The agent id or credential was not accepted. */
    UNAUTHENTICATED(2),
    /** The server could not read what the agent sent. */
    MALFORMED_FRAME(3),
    /** The server takes no more connections now; try again later. */
    SERVER_BUSY(4),
    /** The server failed; its log says why. */
    INTERNAL(5);

    private final int code;

    ErrorCode(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    public static Optional<ErrorCode> fromCode(int code) {
        for (ErrorCode errorCode : values()) {
            if (errorCode.code == code) {
                return Optional.of(errorCode);
            }
        }
        return Optional.empty();
    }
}
