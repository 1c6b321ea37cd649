package org.lifeboat.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The edges of every message's value ranges, as a server meets them on the wire: the smallest legal
 * value passes, the one just outside is a {@link MalformedFrameException} (the session answers
 * MALFORMED_FRAME, never an unexpected runtime exception), and nothing may follow the last field.
 * Written after mutation testing (bench/mutation) showed each of these bounds could move unnoticed.
 */
class RecordBoundariesTest {

    private static final String DISK = "3f2a0c1e-disk-0";

    @Test
    void theFirstSequenceAndTheEpochAreLegalOnEveryRecord() throws IOException {
        List<ChangeRecord> records = List.of(
                new DataRecord(DISK, 1, 0, 0, new byte[512]),
                new BookmarkRecord(DISK, 1, 0, "b", Consistency.CRASH_CONSISTENT),
                new SyncRecord(DISK, 1, 0));

        for (ChangeRecord record : records) {
            assertEquals(record, ChangeRecord.from(RawFrame.throughTheWire(record.toFrame())));
        }
    }

    @Test
    void sequenceZeroOrANegativeSourceTimeOnTheWireIsMalformedNotAnAccident() {
        for (long[] header : new long[][] {{0, 0}, {1, -1}}) {
            long sequence = header[0];
            long sourceTime = header[1];
            Frame sync = recordHeader(DISK, sequence, sourceTime).toFrame(FrameType.SYNC);
            Frame bookmark = recordHeader(DISK, sequence, sourceTime).string("bookmarkId", "b")
                    .u8("consistency", Consistency.CRASH_CONSISTENT.code()).toFrame(FrameType.BOOKMARK);
            Frame data = recordHeader(DISK, sequence, sourceTime).u64("offset", 0).data("data", new byte[512])
                    .toFrame(FrameType.DATA);

            for (Frame frame : List.of(sync, bookmark, data)) {
                MalformedFrameException e = assertThrows(MalformedFrameException.class,
                        () -> ChangeRecord.from(frame), frame.type() + " " + Arrays.toString(header));
                assertEquals(MalformedFrameException.Reason.BAD_PAYLOAD, e.reason());
            }
        }
    }

    @Test
    void anEmptyDiskIdOrBookmarkIdOnTheWireIsMalformed() {
        Frame sync = recordHeader("", 1, 0).toFrame(FrameType.SYNC);
        Frame data = recordHeader("", 1, 0).u64("offset", 0).data("data", new byte[512]).toFrame(FrameType.DATA);
        Frame bookmark = recordHeader(DISK, 1, 0).string("bookmarkId", "")
                .u8("consistency", Consistency.APP_CONSISTENT.code()).toFrame(FrameType.BOOKMARK);
        Frame ack = new PayloadWriter().string("diskId", "").u64("durableSequence", 1).toFrame(FrameType.ACK);

        for (Frame frame : List.of(sync, data, bookmark)) {
            assertThrows(MalformedFrameException.class, () -> ChangeRecord.from(frame), frame.type().toString());
        }
        assertThrows(MalformedFrameException.class, () -> Ack.from(ack));
    }

    @Test
    void recordsRefuseToBeBuiltWithoutADiskIdOrWithSequenceZero() {
        assertThrows(IllegalArgumentException.class, () -> new SyncRecord("", 1, 0));
        assertThrows(IllegalArgumentException.class, () -> new SyncRecord(DISK, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new SyncRecord(DISK, 1, -1));
        assertThrows(IllegalArgumentException.class,
                () -> new BookmarkRecord("", 1, 0, "b", Consistency.CRASH_CONSISTENT));
        assertThrows(IllegalArgumentException.class,
                () -> new BookmarkRecord(DISK, 0, 0, "b", Consistency.CRASH_CONSISTENT));
        assertThrows(IllegalArgumentException.class,
                () -> new BookmarkRecord(DISK, 1, 0, "", Consistency.CRASH_CONSISTENT));
    }

    @Test
    void anAckOfNothingYetIsLegalAndANegativeOneIsNot() throws IOException {
        Ack nothing = new Ack(DISK, 0);

        assertEquals(nothing, Ack.from(RawFrame.throughTheWire(nothing.toFrame())));
        assertThrows(IllegalArgumentException.class, () -> new Ack(DISK, -1));
        Frame negative = new PayloadWriter().string("diskId", DISK).u64("durableSequence", -1).toFrame(FrameType.ACK);
        assertThrows(MalformedFrameException.class, () -> Ack.from(negative));
    }

    @Test
    void aResumedDiskNeedsAPositiveSectorMultipleSizeAndANonNegativeSequence() throws IOException {
        Resume smallest = new Resume(List.of(new Resume.DiskResume(DISK, 512, 0)));
        assertEquals(smallest, Resume.from(RawFrame.throughTheWire(smallest.toFrame())));

        assertThrows(IllegalArgumentException.class, () -> new Resume.DiskResume(DISK, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new Resume.DiskResume(DISK, -512, 0));
        assertThrows(IllegalArgumentException.class, () -> new Resume.DiskResume(DISK, 512, -1));
        assertThrows(IllegalArgumentException.class, () -> new Resume.DiskResume("", 512, 0));
        for (long[] disk : new long[][] {{0, 0}, {-512, 0}, {1000, 0}, {512, -1}}) {
            Frame frame = new PayloadWriter().u16("disk count", 1).string("diskId", DISK).u64("sizeBytes", disk[0])
                    .u64("durableSequence", disk[1]).toFrame(FrameType.RESUME);
            MalformedFrameException e = assertThrows(MalformedFrameException.class, () -> Resume.from(frame),
                    Arrays.toString(disk));
            assertTrue(e.getMessage().contains("disk 0 has an invalid id, size or sequence"), e.getMessage());
        }
    }

    @ParameterizedTest
    @EnumSource(value = FrameType.class, names = {"DATA", "BOOKMARK", "SYNC", "ACK", "RESUME"})
    void aByteAfterTheLastFieldIsMalformed(FrameType type) {
        Frame frame = sample(type);
        Frame longer = new Frame(type, Arrays.copyOf(frame.payload(), frame.payloadLength() + 1));

        MalformedFrameException e = assertThrows(MalformedFrameException.class, () -> decoderOf(type).decode(longer));
        assertTrue(e.getMessage().contains("1 unexpected byte after the last field"), e.getMessage());
    }

    @ParameterizedTest
    @EnumSource(value = FrameType.class, names = {"DATA", "BOOKMARK", "SYNC", "ACK", "RESUME"})
    void aPayloadCutAnywhereIsMalformedNeverARuntimeError(FrameType type) {
        Frame whole = sample(type);

        for (int length = 1; length < whole.payloadLength(); length++) {
            Frame cut = new Frame(type, Arrays.copyOf(whole.payload(), length));
            // any other exception (a buffer underflow) fails here as "unexpected exception type"
            assertThrows(MalformedFrameException.class, () -> decoderOf(type).decode(cut), "cut at " + length);
        }
    }

    @Test
    void recordsThatDifferInOneFieldAreNotEqual() {
        DataRecord data = new DataRecord(DISK, 2, 10, 512, new byte[512]);
        byte[] otherBytes = new byte[512];
        otherBytes[511] = 1;

        assertEquals(data, new DataRecord(DISK, 2, 10, 512, new byte[512]));
        assertEquals(data.hashCode(), new DataRecord(DISK, 2, 10, 512, new byte[512]).hashCode());
        assertNotEquals(data, new DataRecord("other", 2, 10, 512, new byte[512]));
        assertNotEquals(data, new DataRecord(DISK, 3, 10, 512, new byte[512]));
        assertNotEquals(data, new DataRecord(DISK, 2, 11, 512, new byte[512]));
        assertNotEquals(data, new DataRecord(DISK, 2, 10, 1024, new byte[512]));
        assertNotEquals(data, new DataRecord(DISK, 2, 10, 512, otherBytes));
        assertNotEquals(data, new DataRecord(DISK, 2, 10, 512, new byte[1024]));
        assertEquals(512, data.length());
        assertEquals(1024, data.end());

        Frame frame = new Frame(FrameType.HEARTBEAT, new byte[] {1, 2});
        assertEquals(frame, new Frame(FrameType.HEARTBEAT, new byte[] {1, 2}));
        assertEquals(frame.hashCode(), new Frame(FrameType.HEARTBEAT, new byte[] {1, 2}).hashCode());
        assertNotEquals(frame, new Frame(FrameType.HEARTBEAT, new byte[] {1, 3}));
        assertNotEquals(frame, new Frame(FrameType.HEARTBEAT, new byte[] {1, 2, 0}));
        assertNotEquals(frame.hashCode(), new Frame(FrameType.HEARTBEAT, new byte[] {2, 1}).hashCode());

        Hello hello = new Hello(1, "host", "1.0", "agent", new byte[] {7});
        assertEquals(hello, new Hello(1, "host", "1.0", "agent", new byte[] {7}));
        assertEquals(hello.hashCode(), new Hello(1, "host", "1.0", "agent", new byte[] {7}).hashCode());
        assertNotEquals(hello, new Hello(1, "host", "1.0", "agent", new byte[] {8}));
        assertNotEquals(hello, new Hello(1, "host", "1.0", "other", new byte[] {7}));
    }

    @Test
    void onlyDataBookmarkAndSyncAreChangeRecords() {
        for (FrameType type : FrameType.values()) {
            boolean change = type == FrameType.DATA || type == FrameType.BOOKMARK || type == FrameType.SYNC;
            assertEquals(change, ChangeRecord.isChangeRecord(type), type.toString());
        }
        assertThrows(IllegalArgumentException.class, () -> ChangeRecord.from(new Ack(DISK, 1).toFrame()));
    }

    @Test
    void theHelloVersionIsSixteenBits() {
        assertEquals(0, new Hello(0, "h", "v", "", new byte[0]).protocolVersion());
        assertEquals(0xFFFF, new Hello(0xFFFF, "h", "v", "", new byte[0]).protocolVersion());
        assertThrows(IllegalArgumentException.class, () -> new Hello(-1, "h", "v", "", new byte[0]));
        assertThrows(IllegalArgumentException.class, () -> new Hello(0x10000, "h", "v", "", new byte[0]));
    }

    @Test
    void aDataRecordTooBigForOneFrameCannotBeMadeByItsSender() {
        // a full 4 MiB block behind a disk id longer than the 4 KiB of room for metadata: refused at once,
        // since ids are limited to what the vault stores, far below the room a frame leaves
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new DataRecord("d".repeat(5000), 1, 0, 0, new byte[ProtocolLimits.MAX_DATA_BYTES]));
        assertTrue(e.getMessage().contains("exceeds the " + ProtocolLimits.MAX_ID_CHARS + "-character limit"),
                e.getMessage());
        assertTrue(ProtocolLimits.MAX_ID_CHARS * 3 < ProtocolLimits.MAX_PAYLOAD_BYTES - ProtocolLimits.MAX_DATA_BYTES);
    }

    @Test
    void theLengthLimitOfADataRecordIsNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new DataRecord(DISK, 1, 0, 0, new byte[ProtocolLimits.MAX_DATA_BYTES + 512]));

        assertTrue(e.getMessage().contains("exceeds the " + ProtocolLimits.MAX_DATA_BYTES + "-byte limit"),
                e.getMessage());
        assertTrue(new DataRecord(DISK, 1, 0, 0, new byte[ProtocolLimits.MAX_DATA_BYTES]).toFrame().payloadLength()
                <= ProtocolLimits.MAX_PAYLOAD_BYTES);
        IllegalArgumentException negative = assertThrows(IllegalArgumentException.class,
                () -> new DataRecord(DISK, 1, 0, -512, new byte[512]));
        assertTrue(negative.getMessage().contains("offset -512 is negative"), negative.getMessage());
    }

    @FunctionalInterface
    private interface Decoder {
        Object decode(Frame frame) throws MalformedFrameException;
    }

    private static Frame sample(FrameType type) {
        return switch (type) {
            case DATA -> new DataRecord(DISK, 1, 0, 0, new byte[512]).toFrame();
            case BOOKMARK -> new BookmarkRecord(DISK, 1, 0, "b", Consistency.APP_CONSISTENT).toFrame();
            case SYNC -> new SyncRecord(DISK, 1, 0).toFrame();
            case ACK -> new Ack(DISK, 1).toFrame();
            case RESUME -> new Resume(List.of(new Resume.DiskResume(DISK, 512, 0))).toFrame();
            default -> throw new IllegalArgumentException(type.toString());
        };
    }

    private static Decoder decoderOf(FrameType type) {
        return switch (type) {
            case ACK -> Ack::from;
            case RESUME -> Resume::from;
            default -> ChangeRecord::from;
        };
    }

    private static PayloadWriter recordHeader(String disk, long sequence, long sourceTime) {
        return new PayloadWriter().string("diskId", disk).u64("sequence", sequence).u64("sourceTime", sourceTime);
    }
}
