package org.lifeboat.protocol;

import java.util.Objects;

/**
 * The server's refusal; the server closes the connection after sending it.
 *
 * @param code    what kind of refusal, for the agent to act on
 * @param message what exactly was wrong, for the operator
 */
public record ErrorReply(ErrorCode code, String message) {

    public ErrorReply {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(message, "message");
    }

    public Frame toFrame() {
        return new PayloadWriter()
                .u16("code", code.code())
                .string("message", message)
                .toFrame(FrameType.ERROR);
    }

    /**
     * @throws MalformedFrameException  with {@code BAD_PAYLOAD} if the payload is not an ERROR
     *                                  or names an unknown error code
     * @throws IllegalArgumentException if the frame is not an ERROR frame
     */
    public static ErrorReply from(Frame frame) throws MalformedFrameException {
        PayloadReader payload = PayloadReader.of(frame, FrameType.ERROR);
        int wireCode = payload.u16("code");
        ErrorCode code = ErrorCode.fromCode(wireCode)
                .orElseThrow(() -> payload.malformed("unknown error code " + wireCode));
        ErrorReply reply = new ErrorReply(code, payload.string("message"));
        payload.end();
        return reply;
    }
}
