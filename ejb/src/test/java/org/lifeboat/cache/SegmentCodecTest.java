package org.lifeboat.cache;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.lifeboat.cache.CorruptSegmentException.Reason;
import org.lifeboat.protocol.BookmarkRecord;
import org.lifeboat.protocol.ChangeRecord;
import org.lifeboat.protocol.Consistency;
import org.lifeboat.protocol.DataRecord;
import org.lifeboat.protocol.Frame;
import org.lifeboat.protocol.FrameReader;
import org.lifeboat.protocol.FrameWriter;

class SegmentCodecTest {

    private static final int KIB = 1024;
    private static final int MIB = 1024 * KIB;
    private static final String DISK = "3f2a0c1e-disk-0";
    private static final SegmentSpan SPAN = new SegmentSpan(DISK, 101, 164, 1_764_000_000_000L);

    private final Random random = new Random(3);
    private final SegmentCodec codec = new SegmentCodec(key(1));

    @Test
    void changeRecordsRoundTripAsFrames() throws IOException {
        List<ChangeRecord> records = new ArrayList<>();
        for (int sequence = 101; sequence < 164; sequence++) {
            records.add(new DataRecord(DISK, sequence, 1_764_000_000_000L + sequence, sequence * 4096L,
                    sequence % 3 == 0 ? new byte[4096] : randomBytes(4096)));
        }
        records.add(new BookmarkRecord(DISK, 164, 1_764_000_000_164L, "crash-164", Consistency.CRASH_CONSISTENT));

        UnpackedSegment segment = codec.unpack(codec.pack(SPAN, framesOf(records)));

        assertEquals(SPAN, segment.span());
        assertEquals(records, recordsIn(segment.frames()));
    }

    @Test
    void randomDataIsStoredUncompressed() throws IOException {
        byte[] frames = randomBytes(3 * MIB + 123);

        byte[] blob = codec.pack(SPAN, frames);
        UnpackedSegment segment = codec.unpack(blob);

        assertEquals(SegmentCompression.STORED, segment.compression());
        assertArrayEquals(frames, segment.frames());
        int chunks = (frames.length + SegmentCodec.CHUNK_BYTES - 1) / SegmentCodec.CHUNK_BYTES;
        assertEquals(headerLength() + frames.length + chunks * SegmentCodec.TAG_BYTES, blob.length);
    }

    @Test
    void zerosAndTextAreCompressed() throws IOException {
        byte[] zeros = new byte[4 * MIB];
        byte[] text = text(2 * MIB);

        byte[] zerosBlob = codec.pack(SPAN, zeros);
        byte[] textBlob = codec.pack(SPAN, text);

        assertTrue(zerosBlob.length < 4 * KIB, "4 MiB of zeros took " + zerosBlob.length + " bytes");
        assertTrue(textBlob.length < text.length / 2, "2 MiB of text took " + textBlob.length + " bytes");
        assertArrayEquals(zeros, codec.unpack(zerosBlob).frames());
        UnpackedSegment textSegment = codec.unpack(textBlob);
        assertEquals(SegmentCompression.ZSTD, textSegment.compression());
        assertArrayEquals(text, textSegment.frames());
    }

    @Test
    void compressionThatSavesLessThanFivePercentIsNotKept() throws IOException {
        byte[] littleToSave = randomBytes(MIB);
        Arrays.fill(littleToSave, 0, 20 * KIB, (byte) 0);
        byte[] enoughToSave = randomBytes(MIB);
        Arrays.fill(enoughToSave, 0, 100 * KIB, (byte) 0);

        assertEquals(SegmentCompression.STORED,
                codec.unpack(codec.pack(SPAN, littleToSave)).compression());
        assertEquals(SegmentCompression.ZSTD,
                codec.unpack(codec.pack(SPAN, enoughToSave)).compression());
    }

    @Test
    void theBlobHeaderRoundTripsAndIsReadable() throws IOException {
        byte[] nonce = randomBytes(12);
        SegmentBlobHeader header = new SegmentBlobHeader(SPAN, SegmentCompression.ZSTD, 5000, 1234, nonce);
        ByteBuffer bytes = ByteBuffer.wrap(concat(header.toBytes(), new byte[7]));

        assertEquals(header, SegmentBlobHeader.read(bytes));
        assertEquals(header.toBytes().length, bytes.position());
        byte[] blob = codec.pack(SPAN, text(64 * KIB));
        assertEquals("LBS1", new String(blob, 0, 4, StandardCharsets.US_ASCII));
        assertEquals(DISK, new String(blob, 8, DISK.length(), StandardCharsets.UTF_8), "the disk id is in the clear");
    }

    @Test
    void everyPackUsesAFreshNonce() {
        byte[] frames = text(64 * KIB);

        assertFalse(Arrays.equals(codec.pack(SPAN, frames), codec.pack(SPAN, frames)));
    }

    @Test
    void anyChangedByteIsDetected() {
        byte[] blob = codec.pack(SPAN, text(4 * KIB));

        for (int i = 0; i < blob.length; i++) {
            byte[] tampered = blob.clone();
            tampered[i] ^= 0x01;
            assertThrows(CorruptSegmentException.class, () -> codec.unpack(tampered), "byte " + i);
        }
    }

    @Test
    void changesInALargeSegmentFailAuthentication() {
        byte[] blob = codec.pack(SPAN, randomBytes(MIB + 5000));
        int header = headerLength();
        int lastSequenceField = 8 + DISK.length() + 8; // still a valid range once changed, so only GCM can tell

        for (int i : new int[]{lastSequenceField + 6, blob.length - 60, header, header + 300_000, blob.length - 1}) {
            byte[] tampered = blob.clone();
            tampered[i] ^= (byte) 0x80;
            assertFailure(Reason.AUTHENTICATION_FAILED, tampered, codec);
        }
    }

    @Test
    void reorderedChunksFailAuthentication() {
        byte[] blob = codec.pack(SPAN, randomBytes(MIB));
        int sealedChunk = SegmentCodec.CHUNK_BYTES + SegmentCodec.TAG_BYTES;
        int first = headerLength();
        byte[] swapped = blob.clone();
        System.arraycopy(blob, first, swapped, first + sealedChunk, sealedChunk);
        System.arraycopy(blob, first + sealedChunk, swapped, first, sealedChunk);

        assertFailure(Reason.AUTHENTICATION_FAILED, swapped, codec);
    }

    @Test
    void aWrongKeyIsRefused() {
        byte[] blob = codec.pack(SPAN, text(300 * KIB));

        CorruptSegmentException e = assertFailure(Reason.AUTHENTICATION_FAILED, blob, new SegmentCodec(key(2)));
        assertTrue(e.getMessage().contains("vault key"), e.getMessage());
    }

    @Test
    void truncatedOrExtendedBlobsAreRefused() {
        byte[] blob = codec.pack(SPAN, randomBytes(600 * KIB));
        int header = headerLength();

        for (int length : new int[]{0, 3, 20, header - 1, header, header + 1000, blob.length - 16, blob.length - 1}) {
            assertFailure(Reason.TRUNCATED, Arrays.copyOf(blob, length), codec);
        }
        assertFailure(Reason.TRUNCATED, Arrays.copyOf(blob, blob.length + 1), codec);
    }

    @Test
    void blobsOfAnotherKindOrVersionAreRefusedSayingWhy() {
        byte[] blob = codec.pack(SPAN, text(KIB));
        byte[] otherMagic = blob.clone();
        otherMagic[3] = '2';
        byte[] otherVersion = blob.clone();
        otherVersion[4] = 2;
        byte[] otherCompression = blob.clone();
        otherCompression[5] = 9;

        assertFailure(Reason.NOT_A_SEGMENT, otherMagic, codec);
        assertTrue(assertFailure(Reason.UNSUPPORTED_FORMAT, otherVersion, codec).getMessage().contains("version 2"));
        assertFailure(Reason.UNSUPPORTED_FORMAT, otherCompression, codec);
    }

    @Test
    void onlyA256BitAesKeyAndAnAscendingSpanOfSomeFramesAreAccepted() {
        assertThrows(IllegalArgumentException.class, () -> new SegmentCodec(new SecretKeySpec(new byte[16], "AES")));
        assertThrows(IllegalArgumentException.class, () -> codec.pack(SPAN, new byte[0]));
        assertThrows(IllegalArgumentException.class, () -> new SegmentSpan(DISK, 5, 4, 0));
    }

    private static CorruptSegmentException assertFailure(Reason reason, byte[] blob, SegmentCodec codec) {
        CorruptSegmentException e = assertThrows(CorruptSegmentException.class, () -> codec.unpack(blob));
        assertEquals(reason, e.reason(), e.getMessage());
        return e;
    }

    private static int headerLength() {
        return new SegmentBlobHeader(SPAN, SegmentCompression.STORED, 1, 1, new byte[12]).toBytes().length;
    }

    private static SecretKey key(int seed) {
        byte[] bytes = new byte[32];
        new Random(seed).nextBytes(bytes);
        return new SecretKeySpec(bytes, "AES");
    }

    private static byte[] framesOf(List<ChangeRecord> records) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        FrameWriter writer = new FrameWriter(bytes);
        for (ChangeRecord record : records) {
            writer.write(record.toFrame());
        }
        return bytes.toByteArray();
    }

    private static List<ChangeRecord> recordsIn(byte[] frames) throws IOException {
        List<ChangeRecord> records = new ArrayList<>();
        FrameReader reader = new FrameReader(new ByteArrayInputStream(frames));
        for (Optional<Frame> frame = reader.read(); frame.isPresent(); frame = reader.read()) {
            records.add(ChangeRecord.from(frame.get()));
        }
        return records;
    }

    private byte[] randomBytes(int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }

    private byte[] text(int length) {
        String[] words = {"replication", "disk", "sector", "bookmark", "segment", "vault", "azure", "the", "of", "and"};
        StringBuilder text = new StringBuilder(length + 64);
        while (text.length() < length) {
            text.append("2025-11-25T10:").append(random.nextInt(60)).append(" INFO ")
                    .append(words[random.nextInt(words.length)]).append(' ')
                    .append(words[random.nextInt(words.length)]).append(" id=").append(random.nextInt(100_000))
                    .append('\n');
        }
        return Arrays.copyOf(text.toString().getBytes(StandardCharsets.US_ASCII), length);
    }

    private static byte[] concat(byte[] first, byte[] second) {
        byte[] all = Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, all, first.length, second.length);
        return all;
    }
}
