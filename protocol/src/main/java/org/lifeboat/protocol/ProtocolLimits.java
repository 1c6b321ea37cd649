package org.lifeboat.protocol;

/**
 * Numbers both ends of the wire must agree on.
 */
public final class ProtocolLimits {

    /** The version a HELLO announces; a server answers UNSUPPORTED_VERSION to any other. */
    public static final int PROTOCOL_VERSION = 1;

    /** Disk offsets and lengths on the wire are multiples of this. */
    public static final int SECTOR = 512;

    /** Data bytes in one frame: Azure's Put Page limit, so a record maps onto one page write. */
    public static final int MAX_DATA_BYTES = 4 * 1024 * 1024;

    /** Payload bytes in one frame: a full data record plus room for its metadata. */
    public static final int MAX_PAYLOAD_BYTES = MAX_DATA_BYTES + 4 * 1024;

    /**
     * Payload bytes a connection may send before it is authenticated: its HELLO. A server checks a
     * header against this before allocating, so an unauthenticated peer never costs it 4 MiB.
     */
    public static final int MAX_HELLO_PAYLOAD_BYTES = 2 * 1024;

    /** Characters of a HELLO's agent name: a host name (the catalog keeps 255). */
    public static final int MAX_AGENT_NAME_CHARS = 255;

    /** Characters of a HELLO's agent version (the catalog keeps 64). */
    public static final int MAX_AGENT_VERSION_CHARS = 64;

    /** Characters of an agent id or a disk id: ids are UUIDs (36) issued by the server. */
    public static final int MAX_ID_CHARS = 64;

    /** Bytes of a HELLO's credential. */
    public static final int MAX_CREDENTIAL_BYTES = 512;

    /** Characters of a bookmark id: the recovery point's column holds 64. */
    public static final int MAX_BOOKMARK_ID_CHARS = 64;

    /** The latest source time a record may carry: 9999-12-31T23:59:59.999Z, the end of a SQL TIMESTAMP. */
    public static final long MAX_SOURCE_TIME_MILLIS = 253_402_300_799_999L;

    private ProtocolLimits() {
    }
}
