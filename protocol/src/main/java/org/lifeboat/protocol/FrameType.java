package org.lifeboat.protocol;

import java.util.Optional;

/**
 * The kinds of frame and their wire codes.
 * <p>
 * A connection starts HELLO, then WELCOME and RESUME (or ERROR); after that the
 * agent sends change records (DATA, BOOKMARK, SYNC) and the server ACKs them once
 * they are durable in its journal, and says DURABLE once they are durable in Azure.
 * Unknown codes are rejected.
 */
public enum FrameType {

    /** Agent to server, always the first frame of a connection. */
    HELLO(1, false),
    /** Server to agent: the handshake succeeded. */
    WELCOME(2, false),
    /** Server to agent: the request was refused; the server closes the connection after it. */
    ERROR(3, false),
    /** Either direction: keeps an idle connection alive. */
    HEARTBEAT(4, true),
    /** Server to agent, right after WELCOME: the agent's protected disks and what the server holds of each. */
    RESUME(5, false),
    /** Agent to server: changed sectors of one disk (a {@link DataRecord}). */
    DATA(16, false),
    /** Agent to server: a consistency point in one disk's stream (a {@link BookmarkRecord}). */
    BOOKMARK(17, false),
    /** Server to agent: every record of a disk up to a sequence is durable (an {@link Ack}). */
    ACK(18, false),
    /** Agent to server: everything captured up to a time has been sent (a {@link SyncRecord}). */
    SYNC(19, false),
    /**
     * Server to agent: every record of a disk up to a sequence is durable in Azure Storage, not only in
     * the process server's journal (a {@link Durable}); the agent may forget what it kept to resend them.
     */
    DURABLE(20, false);

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
