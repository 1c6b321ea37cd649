/**
 * The wire format between the mobility agent and a process server, version 1.
 * <p>
 * A connection carries frames, big-endian:
 * <pre>
 *   magic "LBF1" (4) | type u8 | flags u8 = 0 | reserved u16 = 0 | payload length u32
 *   payload (at most {@link org.lifeboat.protocol.ProtocolLimits#MAX_PAYLOAD_BYTES})
 *   CRC32C u32 over header and payload
 * </pre>
 * The agent opens with {@link org.lifeboat.protocol.Hello}; the server answers
 * {@link org.lifeboat.protocol.Welcome} or {@link org.lifeboat.protocol.ErrorReply}
 * and closes after an error. Message fields are u16 integers, and strings (UTF-8)
 * and byte arrays each prefixed with a u16 length.
 * <p>
 * {@link org.lifeboat.protocol.FrameReader} checks each frame completely before
 * handing it out and refuses an oversized length before allocating for it; any
 * {@link org.lifeboat.protocol.MalformedFrameException} means the connection is
 * out of step and should be closed.
 */
package org.lifeboat.protocol;
