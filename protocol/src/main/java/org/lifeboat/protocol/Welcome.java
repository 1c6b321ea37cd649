package org.lifeboat.protocol;

import java.util.Objects;

/**
 * The server's answer to an accepted HELLO.
 *
 * @param serverName    the process server's name
 * @param serverVersion the server software version
 * @param sessionId     identifies this connection in the server's logs
 * @param message       a note for the operator; may be empty
 */
public record Welcome(String serverName, String serverVersion, String sessionId, String message) {

    public Welcome {
        Objects.requireNonNull(serverName, "serverName");
        Objects.requireNonNull(serverVersion, "serverVersion");
        Objects.requireNonNull(sessionId, "sessionId");
        Objects.requireNonNull(message, "message");
    }

    public Frame toFrame() {
        return new PayloadWriter()
                .string("serverName", serverName)
                .string("serverVersion", serverVersion)
                .string("sessionId", sessionId)
                .string("message", message)
                .toFrame(FrameType.WELCOME);
    }

    /**
     * @throws MalformedFrameException  with {@code BAD_PAYLOAD} if the payload is not a WELCOME
     * @throws IllegalArgumentException if the frame is not a WELCOME frame
     */
    public static Welcome from(Frame frame) throws MalformedFrameException {
        PayloadReader payload = PayloadReader.of(frame, FrameType.WELCOME);
        Welcome welcome = new Welcome(
                payload.string("serverName"),
                payload.string("serverVersion"),
                payload.string("sessionId"),
                payload.string("message"));
        payload.end();
        return welcome;
    }
}
