package org.lifeboat.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ChangeRecordTest {

    private static final String DISK = "3f2a0c1e-disk-0";

    @Test
    void dataRecordRoundTripsThroughTheWire() throws IOException {
        byte[] data = new byte[64 * 1024];
        new Random(7).nextBytes(data);
        DataRecord record = new DataRecord(DISK, 42, 1_700_000_000_000L, 512L * 1024 * 1024, data);

        ChangeRecord decoded = ChangeRecord.from(throughTheWire(record.toFrame()));

        assertEquals(record, decoded);
        assertArrayEquals(data, ((DataRecord) decoded).data());
    }

    @Test
    void aFullFourMebibyteRecordFitsInOneFrame() throws IOException {
        DataRecord record = new DataRecord(DISK, 1, 0, 0, new byte[ProtocolLimits.MAX_DATA_BYTES]);

        assertEquals(record, ChangeRecord.from(throughTheWire(record.toFrame())));
    }

    @Test
    void bookmarkAndSyncRoundTrip() throws IOException {
        BookmarkRecord bookmark = new BookmarkRecord(DISK, 7, 123, "bm-1", Consistency.APP_CONSISTENT);
        SyncRecord sync = new SyncRecord(DISK, 8, 456);

        assertEquals(bookmark, ChangeRecord.from(throughTheWire(bookmark.toFrame())));
        assertEquals(sync, ChangeRecord.from(throughTheWire(sync.toFrame())));
    }

    @Test
    void ackAndResumeRoundTrip() throws IOException {
        Ack ack = new Ack(DISK, 99);
        Resume resume = new Resume(List.of(new Resume.DiskResume(DISK, 1L << 30, 12),
                new Resume.DiskResume("other", 512, 0)));

        assertEquals(ack, Ack.from(throughTheWire(ack.toFrame())));
        assertEquals(resume, Resume.from(throughTheWire(resume.toFrame())));
    }

    @Test
    void misalignedOffsetOnTheWireIsABadPayload() {
        Frame frame = dataPayload(DISK, 1, 1000, 512);

        MalformedFrameException e = assertThrows(MalformedFrameException.class, () -> ChangeRecord.from(frame));

        assertEquals(MalformedFrameException.Reason.BAD_PAYLOAD, e.reason());
        assertTrue(e.getMessage().contains("offset 1000 is not a multiple of 512"), e.getMessage());
    }

    @Test
    void misalignedLengthAndEmptyDataAreBadPayloads() {
        MalformedFrameException odd = assertThrows(MalformedFrameException.class,
                () -> ChangeRecord.from(dataPayload(DISK, 1, 0, 700)));
        MalformedFrameException empty = assertThrows(MalformedFrameException.class,
                () -> ChangeRecord.from(dataPayload(DISK, 1, 0, 0)));

        assertTrue(odd.getMessage().contains("length 700 is not a multiple of 512"), odd.getMessage());
        assertTrue(empty.getMessage().contains("no data"), empty.getMessage());
    }

    @Test
    void aDeclaredDataLengthBeyondThePayloadIsRejected() {
        ByteBuffer payload = ByteBuffer.allocate(2 + 4 + 24 + 4 + 512);
        payload.putShort((short) 4).put("disk".getBytes()).putLong(1).putLong(0).putLong(0).putInt(1 << 20)
                .put(new byte[512]);

        MalformedFrameException e = assertThrows(MalformedFrameException.class,
                () -> ChangeRecord.from(new Frame(FrameType.DATA, payload.array())));

        assertTrue(e.getMessage().contains("declares 1048576 bytes"), e.getMessage());
    }

    @Test
    void zeroSequenceAndUnknownConsistencyAreRejected() {
        assertThrows(MalformedFrameException.class, () -> ChangeRecord.from(dataPayload(DISK, 0, 0, 512)));
        Frame bookmark = new BookmarkRecord(DISK, 1, 1, "b", Consistency.CRASH_CONSISTENT).toFrame();
        byte[] payload = bookmark.payload();
        payload[payload.length - 1] = 9;

        MalformedFrameException e = assertThrows(MalformedFrameException.class,
                () -> ChangeRecord.from(new Frame(FrameType.BOOKMARK, payload)));
        assertTrue(e.getMessage().contains("unknown consistency 9"), e.getMessage());
    }

    @Test
    void recordsRefuseToBeBuiltInvalid() {
        assertThrows(IllegalArgumentException.class, () -> new DataRecord(DISK, 1, 0, 512, new byte[100]));
        assertThrows(IllegalArgumentException.class, () -> new DataRecord("", 1, 0, 0, new byte[512]));
        assertThrows(IllegalArgumentException.class,
                () -> new DataRecord(DISK, 1, 0, 0, new byte[ProtocolLimits.MAX_DATA_BYTES + 512]));
        assertThrows(IllegalArgumentException.class, () -> new Resume.DiskResume(DISK, 1000, 0));
    }

    @Test
    void aBookmarkIdLongerThanARecoveryPointHoldsIsABadPayload() {
        Frame fits = rawBookmark(DISK, 1, 1, "b".repeat(ProtocolLimits.MAX_BOOKMARK_ID_CHARS));
        Frame tooLong = rawBookmark(DISK, 1, 1, "b".repeat(ProtocolLimits.MAX_BOOKMARK_ID_CHARS + 1));

        assertEquals(64, ((BookmarkRecord) assertDoesNotThrow(() -> ChangeRecord.from(fits))).bookmarkId().length());
        MalformedFrameException e = assertThrows(MalformedFrameException.class, () -> ChangeRecord.from(tooLong));
        assertEquals(MalformedFrameException.Reason.BAD_PAYLOAD, e.reason());
        assertTrue(e.getMessage().contains("bookmark id of 65 characters exceeds the 64-character limit"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> new BookmarkRecord(DISK, 1, 1, "b".repeat(65), Consistency.CRASH_CONSISTENT));
    }

    @Test
    void aBookmarkIdWithControlCharactersIsABadPayload() {
        MalformedFrameException e = assertThrows(MalformedFrameException.class,
                () -> ChangeRecord.from(rawBookmark(DISK, 1, 1, "point\nINFO forged log line")));
        assertTrue(e.getMessage().contains("U+000A"), e.getMessage());
        assertDoesNotThrow(() -> ChangeRecord.from(rawBookmark(DISK, 1, 1, "3f2a0c1e-0b7d-4c55-9e0f-0a1b2c3d4e5f")));
    }

    @Test
    void aSourceTimePastWhatATimestampHoldsOrANegativeSequenceIsABadPayload() {
        MalformedFrameException time = assertThrows(MalformedFrameException.class,
                () -> ChangeRecord.from(rawBookmark(DISK, 1, ProtocolLimits.MAX_SOURCE_TIME_MILLIS + 1, "b")));
        assertTrue(time.getMessage().contains("source time 253402300800000 is not between"), time.getMessage());
        MalformedFrameException sequence = assertThrows(MalformedFrameException.class,
                () -> ChangeRecord.from(rawBookmark(DISK, -1, 1, "b")));
        assertTrue(sequence.getMessage().contains("sequence 18446744073709551615 is not between 1 and"),
                sequence.getMessage());
    }

    @Test
    void aDiskIdLongerThanAnIdIsABadPayload() {
        MalformedFrameException e = assertThrows(MalformedFrameException.class,
                () -> ChangeRecord.from(dataPayload("d".repeat(ProtocolLimits.MAX_ID_CHARS + 1), 1, 0, 512)));
        assertTrue(e.getMessage().contains("disk id of 65 characters exceeds"), e.getMessage());
    }

    private static Frame rawBookmark(String disk, long sequence, long sourceTime, String bookmarkId) {
        byte[] id = disk.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] bookmark = bookmarkId.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        ByteBuffer payload = ByteBuffer.allocate(2 + id.length + 16 + 2 + bookmark.length + 1);
        payload.putShort((short) id.length).put(id).putLong(sequence).putLong(sourceTime)
                .putShort((short) bookmark.length).put(bookmark).put((byte) Consistency.CRASH_CONSISTENT.code());
        return new Frame(FrameType.BOOKMARK, payload.array());
    }

    private static Frame dataPayload(String disk, long sequence, long offset, int length) {
        byte[] id = disk.getBytes();
        ByteBuffer payload = ByteBuffer.allocate(2 + id.length + 24 + 4 + length);
        payload.putShort((short) id.length).put(id).putLong(sequence).putLong(0).putLong(offset).putInt(length)
                .put(new byte[length]);
        return new Frame(FrameType.DATA, payload.array());
    }

    private static Frame throughTheWire(Frame frame) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new FrameWriter(out).write(frame);
        return new FrameReader(new ByteArrayInputStream(out.toByteArray())).read().orElseThrow();
    }
}
