package org.lifeboat.cache;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

import static org.lifeboat.cache.CorruptSegmentException.Reason.BAD_HEADER;
import static org.lifeboat.cache.CorruptSegmentException.Reason.NOT_A_SEGMENT;
import static org.lifeboat.cache.CorruptSegmentException.Reason.TRUNCATED;
import static org.lifeboat.cache.CorruptSegmentException.Reason.UNSUPPORTED_FORMAT;

/**
 * The plain start of a segment blob, big-endian:
 * <pre>
 *   magic "LBS1" | format version u8 = 1 | compression u8 | disk id: u16 length + UTF-8
 *   first sequence u64 | last sequence u64 | max source time u64 (ms since the epoch)
 *   uncompressed length u32 | stored length u32 | nonce (12 bytes, random)
 * </pre>
 * It is not secret but it is authenticated: every sealed chunk after it carries the whole header as
 * AES-GCM additional data, so no field can be changed without failing decryption.
 *
 * @param span               the records it holds: disk, sequences, newest source time
 * @param uncompressedLength bytes of frames in the segment
 * @param storedLength       bytes of frames after compression (equal to the former when stored)
 */
record SegmentBlobHeader(SegmentSpan span, SegmentCompression compression, int uncompressedLength,
                         int storedLength, byte[] nonce) {

    static final int FORMAT_VERSION = 1;
    static final int NONCE_BYTES = 12;

    private static final byte[] MAGIC = "LBS1".getBytes(StandardCharsets.US_ASCII);

    SegmentBlobHeader {
        Objects.requireNonNull(span, "span");
        Objects.requireNonNull(compression, "compression");
        if (uncompressedLength < 1 || uncompressedLength > SegmentCodec.MAX_SEGMENT_BYTES) {
            throw new IllegalArgumentException("uncompressed length " + uncompressedLength
                    + " is not between 1 and " + SegmentCodec.MAX_SEGMENT_BYTES);
        }
        if (storedLength < 1 || storedLength > uncompressedLength
                || compression == SegmentCompression.STORED && storedLength != uncompressedLength) {
            throw new IllegalArgumentException("stored length " + storedLength + " does not fit "
                    + compression + " data of " + uncompressedLength + " bytes");
        }
        if (nonce == null || nonce.length != NONCE_BYTES) {
            throw new IllegalArgumentException("the nonce must be " + NONCE_BYTES + " bytes");
        }
        nonce = nonce.clone();
    }

    @Override
    public byte[] nonce() {
        return nonce.clone();
    }

    byte[] toBytes() {
        byte[] diskId = span.diskId().getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(MAGIC.length + 4 + diskId.length + 3 * 8 + 2 * 4 + NONCE_BYTES)
                .put(MAGIC)
                .put((byte) FORMAT_VERSION)
                .put((byte) compression.id())
                .putShort((short) diskId.length)
                .put(diskId)
                .putLong(span.firstSequence())
                .putLong(span.lastSequence())
                .putLong(span.maxSourceTimeMillis())
                .putInt(uncompressedLength)
                .putInt(storedLength)
                .put(nonce)
                .array();
    }

    /**
     * Reads a header from the start of a blob, leaving the buffer at the first byte after it. Nothing
     * here is authenticated yet: the caller must not act on it before the chunks decrypt.
     */
    static SegmentBlobHeader read(ByteBuffer blob) throws CorruptSegmentException {
        try {
            byte[] magic = new byte[MAGIC.length];
            blob.get(magic);
            if (!Arrays.equals(magic, MAGIC)) {
                throw new CorruptSegmentException(NOT_A_SEGMENT, "not a Lifeboat segment: it starts with 0x"
                        + HexFormat.of().formatHex(magic) + ", not \"LBS1\"");
            }
            int version = Byte.toUnsignedInt(blob.get());
            if (version != FORMAT_VERSION) {
                throw new CorruptSegmentException(UNSUPPORTED_FORMAT, "segment format version " + version
                        + " is not supported; this server reads version " + FORMAT_VERSION);
            }
            int compressionId = Byte.toUnsignedInt(blob.get());
            SegmentCompression compression = SegmentCompression.fromId(compressionId).orElseThrow(() ->
                    new CorruptSegmentException(UNSUPPORTED_FORMAT, "unknown segment compression " + compressionId));
            byte[] diskId = new byte[Short.toUnsignedInt(blob.getShort())];
            blob.get(diskId);
            long firstSequence = blob.getLong();
            long lastSequence = blob.getLong();
            long maxSourceTime = blob.getLong();
            long uncompressedLength = Integer.toUnsignedLong(blob.getInt());
            long storedLength = Integer.toUnsignedLong(blob.getInt());
            byte[] nonce = new byte[NONCE_BYTES];
            blob.get(nonce);
            if (uncompressedLength > SegmentCodec.MAX_SEGMENT_BYTES) {
                throw new CorruptSegmentException(BAD_HEADER, "segment header claims " + uncompressedLength
                        + " bytes of frames; at most " + SegmentCodec.MAX_SEGMENT_BYTES + " are allowed");
            }
            SegmentSpan span = new SegmentSpan(new String(diskId, StandardCharsets.UTF_8), firstSequence,
                    lastSequence, maxSourceTime);
            return new SegmentBlobHeader(span, compression, (int) uncompressedLength, (int) storedLength, nonce);
        } catch (BufferUnderflowException e) {
            throw new CorruptSegmentException(TRUNCATED, "segment is truncated: " + blob.limit()
                    + " bytes do not hold a whole header");
        } catch (IllegalArgumentException e) {
            throw new CorruptSegmentException(BAD_HEADER, "segment header is invalid: " + e.getMessage());
        }
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SegmentBlobHeader blobHeader && span.equals(blobHeader.span)
                && compression == blobHeader.compression && uncompressedLength == blobHeader.uncompressedLength
                && storedLength == blobHeader.storedLength && Arrays.equals(nonce, blobHeader.nonce);
    }

    @Override
    public int hashCode() {
        return Objects.hash(span, compression, uncompressedLength, storedLength, Arrays.hashCode(nonce));
    }

    @Override
    public String toString() {
        return "SegmentBlobHeader[" + span + ", " + compression + ", " + uncompressedLength + " -> " + storedLength
                + " bytes]";
    }
}
