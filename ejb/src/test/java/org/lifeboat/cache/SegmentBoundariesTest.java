package org.lifeboat.cache;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.util.Random;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/**
 * The edges of a segment blob's fields and sizes: the largest legal value passes, the next one is
 * refused, and a blob is exactly as long as its header says. Written after mutation testing
 * (bench/mutation) showed these bounds could move without a test noticing.
 */
class SegmentBoundariesTest {

    private static final String DISK = "3f2a0c1e-disk-0";
    private static final SegmentSpan SPAN = new SegmentSpan(DISK, 1, 1, 0);

    private final SegmentCodec codec = new SegmentCodec(new SecretKeySpec(new byte[32], "AES"));

    @Test
    void aStoredSegmentOfWholeChunksCarriesOneTagPerChunkAndNothingMore() throws CorruptSegmentException {
        for (int chunks = 1; chunks <= 2; chunks++) {
            for (int extra : new int[] {-1, 0, 1}) {
                byte[] frames = new byte[chunks * SegmentCodec.CHUNK_BYTES + extra];
                new Random(chunks).nextBytes(frames);

                byte[] blob = codec.pack(SPAN, frames);

                int sealedChunks = extra > 0 ? chunks + 1 : chunks;
                int header = blob.length - frames.length - sealedChunks * SegmentCodec.TAG_BYTES;
                assertEquals(header, new SegmentBlobHeader(SPAN, SegmentCompression.STORED, 1, 1,
                        new byte[SegmentBlobHeader.NONCE_BYTES]).toBytes().length, frames.length + " bytes");
                assertArrayEquals(frames, codec.unpack(blob).frames());
            }
        }
    }

    @Test
    void aHeaderMayClaimTheLargestSegmentButNotOneByteMore() throws CorruptSegmentException {
        byte[] nonce = new byte[SegmentBlobHeader.NONCE_BYTES];
        SegmentBlobHeader largest = new SegmentBlobHeader(SPAN, SegmentCompression.ZSTD,
                SegmentCodec.MAX_SEGMENT_BYTES, 100, nonce);

        assertEquals(largest, SegmentBlobHeader.read(ByteBuffer.wrap(largest.toBytes())));

        byte[] tooLarge = largest.toBytes();
        ByteBuffer.wrap(tooLarge).putInt(tooLarge.length - nonce.length - 8, SegmentCodec.MAX_SEGMENT_BYTES + 1);
        CorruptSegmentException e = assertThrows(CorruptSegmentException.class,
                () -> SegmentBlobHeader.read(ByteBuffer.wrap(tooLarge)));
        assertEquals(CorruptSegmentException.Reason.BAD_HEADER, e.reason(), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new SegmentBlobHeader(SPAN, SegmentCompression.ZSTD,
                SegmentCodec.MAX_SEGMENT_BYTES + 1, 100, nonce));
        assertThrows(IllegalArgumentException.class,
                () -> new SegmentBlobHeader(SPAN, SegmentCompression.ZSTD, 0, 1, nonce));
        assertEquals(1, new SegmentBlobHeader(SPAN, SegmentCompression.STORED, 1, 1, nonce).uncompressedLength());
    }

    @Test
    void headersThatDifferInOneFieldAreNotEqual() {
        byte[] nonce = new byte[SegmentBlobHeader.NONCE_BYTES];
        byte[] otherNonce = nonce.clone();
        otherNonce[11] = 1;
        SegmentBlobHeader header = new SegmentBlobHeader(SPAN, SegmentCompression.ZSTD, 1000, 100, nonce);

        assertEquals(header, new SegmentBlobHeader(SPAN, SegmentCompression.ZSTD, 1000, 100, nonce));
        assertEquals(header.hashCode(), new SegmentBlobHeader(SPAN, SegmentCompression.ZSTD, 1000, 100, nonce).hashCode());
        assertNotEquals(header, new SegmentBlobHeader(new SegmentSpan(DISK, 1, 2, 0), SegmentCompression.ZSTD, 1000,
                100, nonce));
        assertNotEquals(header, new SegmentBlobHeader(SPAN, SegmentCompression.ZSTD, 1001, 100, nonce));
        assertNotEquals(header, new SegmentBlobHeader(SPAN, SegmentCompression.ZSTD, 1000, 101, nonce));
        assertNotEquals(header, new SegmentBlobHeader(SPAN, SegmentCompression.ZSTD, 1000, 100, otherNonce));
        assertNotEquals(header, new SegmentBlobHeader(SPAN, SegmentCompression.STORED, 100, 100, nonce));
    }

    @Test
    void aSpanTakesItsSmallestAndLargestLegalValues() {
        new SegmentSpan("d", 1, 1, 0);
        new SegmentSpan("d".repeat(0xFFFF), 1, 1, 0);

        assertThrows(IllegalArgumentException.class, () -> new SegmentSpan("d".repeat(0x10000), 1, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> new SegmentSpan("", 1, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> new SegmentSpan("d", 0, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> new SegmentSpan("d", 2, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> new SegmentSpan("d", 1, 1, -1));
    }
}
