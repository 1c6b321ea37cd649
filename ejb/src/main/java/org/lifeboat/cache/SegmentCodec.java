package org.lifeboat.cache;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Objects;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

import static org.lifeboat.cache.CorruptSegmentException.Reason.AUTHENTICATION_FAILED;
import static org.lifeboat.cache.CorruptSegmentException.Reason.BAD_CONTENT;
import static org.lifeboat.cache.CorruptSegmentException.Reason.TRUNCATED;

/**
 * Turns a sealed local segment (the journal's frames of one disk) into the blob shipped to the
 * {@code cache} container, and back: compressed (see {@link SegmentCompression}), then encrypted with
 * AES-256-GCM under the vault key.
 * <p>
 * Blob = header ({@code SegmentBlobHeader}) + the stored bytes sealed in chunks of
 * {@value #CHUNK_BYTES} bytes (the last one shorter), each its own GCM message with a 16-byte tag. Chunk {@code i}'s nonce is the
 * header's random nonce with {@code i} XORed into its last four bytes, which binds each chunk to its
 * place; the whole header, stored length and so chunk count included, is every chunk's additional
 * data. A changed byte anywhere, a wrong key, a reordered, missing or extra chunk all fail.
 * <p>
 * Why chunks rather than one message fed in slices: JDK 17's GCM decryption buffers all its input
 * until {@code doFinal} and then runs it in one call, which stayed at ~85 MB/s here (that path never
 * reached the JIT's AES and GHASH intrinsics), and encrypting one 16 MiB message in 256 KiB
 * {@code update()} slices stayed at ~90 MB/s for the first ~640 MB. One {@code doFinal} per 256 KiB
 * chunk reached ~4,200 MB/s both ways after the first ~100 MB (docs/BENCHMARKS.md).
 * <p>
 * Random 96-bit nonces limit one key to about 2^32 sealed chunks (1 PiB of segments): rotate the
 * vault key long before that. Thread-safe.
 */
public final class SegmentCodec {

    /** Frames in one segment: a larger claim is refused before anything is allocated for it. */
    public static final int MAX_SEGMENT_BYTES = 256 * 1024 * 1024;

    static final int CHUNK_BYTES = 256 * 1024;
    static final int TAG_BYTES = 16;

    private static final String TRANSFORMATION = "AES/GCM/NoPadding";
    private static final int KEY_BYTES = 32;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SecretKey vaultKey;

    /**
     * @param vaultKey a 256-bit AES key
     */
    public SegmentCodec(SecretKey vaultKey) {
        Objects.requireNonNull(vaultKey, "vaultKey");
        byte[] encoded = vaultKey.getEncoded();
        if (!"AES".equalsIgnoreCase(vaultKey.getAlgorithm()) || encoded == null || encoded.length != KEY_BYTES) {
            throw new IllegalArgumentException("the vault key must be a 256-bit AES key, not " + vaultKey.getAlgorithm()
                    + " of " + (encoded == null ? "unknown size" : encoded.length * 8 + " bits"));
        }
        this.vaultKey = vaultKey;
    }

    /**
     * Compresses (or stores, when Zstandard saves less than 5 %) and encrypts a segment's frames.
     *
     * @param frames the local segment's bytes, as FrameWriter wrote them
     */
    public byte[] pack(SegmentSpan span, byte[] frames) {
        if (frames.length == 0 || frames.length > MAX_SEGMENT_BYTES) {
            throw new IllegalArgumentException("a segment holds 1 to " + MAX_SEGMENT_BYTES + " bytes of frames, not "
                    + frames.length);
        }
        byte[] compressed = SegmentCompression.ZSTD.compress(frames);
        boolean worthIt = (long) compressed.length * 100 <= (long) frames.length * 95;
        SegmentCompression compression = worthIt ? SegmentCompression.ZSTD : SegmentCompression.STORED;
        byte[] stored = worthIt ? compressed : frames;

        byte[] nonce = new byte[SegmentBlobHeader.NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        byte[] headerBytes = new SegmentBlobHeader(span, compression, frames.length, stored.length, nonce).toBytes();
        byte[] blob = new byte[Math.toIntExact(headerBytes.length + sealedLength(stored.length))];
        System.arraycopy(headerBytes, 0, blob, 0, headerBytes.length);
        try {
            Cipher cipher = Cipher.getInstance(TRANSFORMATION);
            int out = headerBytes.length;
            for (int chunk = 0, in = 0; in < stored.length; chunk++, in += CHUNK_BYTES) {
                cipher.init(Cipher.ENCRYPT_MODE, vaultKey, chunkParameters(nonce, chunk));
                cipher.updateAAD(headerBytes);
                out += cipher.doFinal(stored, in, Math.min(CHUNK_BYTES, stored.length - in), blob, out);
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM encryption failed on this JVM", e);
        }
        return blob;
    }

    /**
     * Authenticates, decrypts and expands a segment blob.
     *
     * @throws CorruptSegmentException if the blob is not a whole, unaltered segment sealed under this
     *                                 vault key; no content is returned then
     */
    public UnpackedSegment unpack(byte[] blob) throws CorruptSegmentException {
        ByteBuffer buffer = ByteBuffer.wrap(blob);
        SegmentBlobHeader header = SegmentBlobHeader.read(buffer);
        int headerLength = buffer.position();
        long expectedLength = headerLength + sealedLength(header.storedLength());
        if (blob.length != expectedLength) {
            throw new CorruptSegmentException(TRUNCATED, "segment blob is " + blob.length + " bytes, but its header"
                    + " promises " + expectedLength + (blob.length < expectedLength ? ": it was cut short" : ""));
        }
        byte[] stored = new byte[header.storedLength()];
        int chunk = 0;
        try {
            Cipher cipher = Cipher.getInstance(TRANSFORMATION);
            byte[] nonce = header.nonce();
            for (int in = headerLength, out = 0; out < stored.length; chunk++, in += CHUNK_BYTES + TAG_BYTES) {
                cipher.init(Cipher.DECRYPT_MODE, vaultKey, chunkParameters(nonce, chunk));
                cipher.updateAAD(blob, 0, headerLength);
                out += cipher.doFinal(blob, in, Math.min(CHUNK_BYTES, stored.length - out) + TAG_BYTES, stored, out);
            }
        } catch (AEADBadTagException e) {
            throw new CorruptSegmentException(AUTHENTICATION_FAILED, "segment fails authentication at chunk " + chunk
                    + ": the vault key is not the one it was sealed with, or the blob was altered", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM decryption failed on this JVM", e);
        }
        try {
            byte[] frames = header.compression().decompress(stored, header.uncompressedLength());
            return new UnpackedSegment(header.span(), header.compression(), frames);
        } catch (RuntimeException e) {
            throw new CorruptSegmentException(BAD_CONTENT, "segment authenticated, but its content is broken: "
                    + e.getMessage(), e);
        }
    }

    private static long sealedLength(int storedLength) {
        long chunks = (storedLength + (long) CHUNK_BYTES - 1) / CHUNK_BYTES;
        return storedLength + chunks * TAG_BYTES;
    }

    private static GCMParameterSpec chunkParameters(byte[] nonce, int chunk) {
        byte[] chunkNonce = nonce.clone();
        ByteBuffer.wrap(chunkNonce).putInt(8, ByteBuffer.wrap(nonce).getInt(8) ^ chunk);
        return new GCMParameterSpec(TAG_BYTES * 8, chunkNonce);
    }
}
