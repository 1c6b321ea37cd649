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

    private ProtocolLimits() {
    }
}
