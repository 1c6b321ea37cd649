package org.lifeboat.protocol;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FrameReaderTest {

    private static final byte[] HELLO_BYTES = RawFrame.bytesOf(Hello.unregistered("db01", "0.1.0").toFrame());

    @Test
    void readsFramesInSequenceAndThenACleanEnd() throws IOException {
        Frame hello = Hello.unregistered("db01", "0.1.0").toFrame();
        Frame heartbeat = Frame.empty(FrameType.HEARTBEAT);
        FrameReader reader = readerOf(concat(RawFrame.bytesOf(hello), RawFrame.bytesOf(heartbeat)));

        assertEquals(Optional.of(hello), reader.read());
        assertEquals(Optional.of(heartbeat), reader.read());
        assertEquals(Optional.empty(), reader.read());
    }

    @Test
    void anEmptyStreamIsACleanEnd() throws IOException {
        assertEquals(Optional.empty(), readerOf(new byte[0]).read());
    }

    @Test
    void decodesFromAStreamThatDeliversOneByteAtATime() throws IOException {
        FrameReader reader = new FrameReader(new TricklingInputStream(HELLO_BYTES));

        Frame frame = reader.read().orElseThrow();

        assertEquals(Hello.unregistered("db01", "0.1.0"), Hello.from(frame));
    }

    @Test
    void acceptsAPayloadOfExactlyTheLimit() throws IOException {
        byte[] payload = new byte[ProtocolLimits.MAX_PAYLOAD_BYTES];
        payload[payload.length - 1] = 7;

        Frame frame = readerOf(RawFrame.of(FrameType.HEARTBEAT, payload).bytes()).read().orElseThrow();

        assertEquals(ProtocolLimits.MAX_PAYLOAD_BYTES, frame.payloadLength());
    }

    @Test
    void rejectsATruncatedHeader() {
        MalformedFrameException e = failureOf(Arrays.copyOf(HELLO_BYTES, 5));

        assertEquals(MalformedFrameException.Reason.TRUNCATED, e.reason());
        assertEquals("stream ended after 5 of the 12 bytes of the header", e.getMessage());
    }

    @Test
    void rejectsATruncatedPayload() {
        MalformedFrameException e = failureOf(Arrays.copyOf(HELLO_BYTES, 15));

        assertEquals(MalformedFrameException.Reason.TRUNCATED, e.reason());
        assertTrue(e.getMessage().startsWith("stream ended after 3 of the "), e.getMessage());
        assertTrue(e.getMessage().endsWith(" bytes of the payload of a HELLO frame"), e.getMessage());
    }

    @Test
    void rejectsATruncatedCrc() {
        MalformedFrameException e = failureOf(Arrays.copyOf(HELLO_BYTES, HELLO_BYTES.length - 2));

        assertEquals(MalformedFrameException.Reason.TRUNCATED, e.reason());
        assertEquals("stream ended after 2 of the 4 bytes of the CRC32C of a HELLO frame", e.getMessage());
    }

    @Test
    void rejectsBadMagic() {
        byte[] bytes = RawFrame.of(FrameType.HELLO, new byte[] {1}).magic(0x4C424632).bytes();

        MalformedFrameException e = failureOf(bytes);

        assertEquals(MalformedFrameException.Reason.BAD_MAGIC, e.reason());
        assertEquals("bad magic 0x4C424632 (\"LBF2\"), expected 0x4C424631 (\"LBF1\")", e.getMessage());
    }

    @Test
    void rejectsAnHttpRequestAsBadMagic() {
        MalformedFrameException e = failureOf("GET / HTTP/1.1\r\nHost: lifeboat\r\n\r\n".getBytes(StandardCharsets.US_ASCII));

        assertEquals(MalformedFrameException.Reason.BAD_MAGIC, e.reason());
        assertEquals("bad magic 0x47455420 (\"GET \"), expected 0x4C424631 (\"LBF1\")", e.getMessage());
    }

    @Test
    void rejectsAFlippedPayloadBit() {
        byte[] bytes = HELLO_BYTES.clone();
        bytes[14] ^= 0x01;

        MalformedFrameException e = failureOf(bytes);

        assertEquals(MalformedFrameException.Reason.BAD_CRC, e.reason());
        assertTrue(e.getMessage().startsWith("HELLO frame fails its CRC32C check"), e.getMessage());
    }

    @Test
    void rejectsAnOversizeLengthBeforeAllocatingIt() {
        byte[] header = RawFrame.of(FrameType.HELLO, new byte[0]).length(64L * 1024 * 1024).header();
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

        long before = threads.getCurrentThreadAllocatedBytes();
        MalformedFrameException e = failureOf(header);
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;

        assertEquals(MalformedFrameException.Reason.OVERSIZE, e.reason());
        assertEquals("payload length 67108864 exceeds the 4198400-byte limit", e.getMessage());
        assertTrue(allocated < 1024 * 1024, "allocated " + allocated + " bytes");
    }

    @Test
    void refusesAHeaderOverTheCallersLimitBeforeReservingOrAllocating() {
        byte[] header = RawFrame.of(FrameType.DATA, new byte[0]).length(4L << 20).header();
        int[] reserved = {0};

        MalformedFrameException e = assertThrows(MalformedFrameException.class, () -> readerOf(header)
                .read(ProtocolLimits.MAX_HELLO_PAYLOAD_BYTES, bytes -> reserved[0] += bytes));

        assertEquals(MalformedFrameException.Reason.OVERSIZE, e.reason());
        assertTrue(e.getMessage().contains("DATA frame declares 4194304 payload bytes, more than the 2048 allowed"),
                e.getMessage());
        assertEquals(0, reserved[0], "budget reserved for a frame that was refused");
    }

    @Test
    void acceptsAHelloOfExactlyTheCallersLimit() throws IOException {
        byte[] bytes = RawFrame.of(FrameType.HELLO, new byte[ProtocolLimits.MAX_HELLO_PAYLOAD_BYTES]).bytes();

        Frame frame = readerOf(bytes).read(ProtocolLimits.MAX_HELLO_PAYLOAD_BYTES, PayloadBudget.UNLIMITED).orElseThrow();

        assertEquals(ProtocolLimits.MAX_HELLO_PAYLOAD_BYTES, frame.payloadLength());
    }

    @Test
    void reservesTheWholeFrameFromTheBudgetBeforeReadingItsPayload() {
        byte[] header = RawFrame.of(FrameType.HEARTBEAT, new byte[0]).length(1000).header(); // no payload follows
        int[] reserved = {0};

        MalformedFrameException e = assertThrows(MalformedFrameException.class, () -> readerOf(header)
                .read(ProtocolLimits.MAX_PAYLOAD_BYTES, bytes -> reserved[0] += bytes));

        assertEquals(MalformedFrameException.Reason.TRUNCATED, e.reason());
        assertEquals(12 + 1000 + 4, reserved[0]);
    }

    @Test
    void aBudgetThatRefusesStopsTheReadBeforeThePayload() {
        byte[] bytes = RawFrame.of(FrameType.HEARTBEAT, new byte[512]).bytes();

        IOException e = assertThrows(IOException.class, () -> readerOf(bytes)
                .read(ProtocolLimits.MAX_PAYLOAD_BYTES, count -> {
                    throw new IOException("budget exhausted");
                }));

        assertEquals("budget exhausted", e.getMessage());
    }

    @Test
    void rejectsALengthOneOverTheLimit() {
        byte[] header = RawFrame.of(FrameType.HEARTBEAT, new byte[0]).length(ProtocolLimits.MAX_PAYLOAD_BYTES + 1L).header();

        assertEquals(MalformedFrameException.Reason.OVERSIZE, failureOf(header).reason());
    }

    @Test
    void rejectsTheLargestUnsignedLength() {
        byte[] header = RawFrame.of(FrameType.HEARTBEAT, new byte[0]).length(0xFFFF_FFFFL).header();

        MalformedFrameException e = failureOf(header);

        assertEquals("payload length 4294967295 exceeds the 4198400-byte limit", e.getMessage());
    }

    @Test
    void rejectsAnUnknownType() {
        MalformedFrameException e = failureOf(RawFrame.of(FrameType.HELLO, new byte[] {1}).type(99).bytes());

        assertEquals(MalformedFrameException.Reason.UNKNOWN_TYPE, e.reason());
        assertEquals("unknown frame type 99", e.getMessage());
    }

    @Test
    void rejectsAnEmptyHello() {
        MalformedFrameException e = failureOf(RawFrame.of(FrameType.HELLO, new byte[0]).bytes());

        assertEquals(MalformedFrameException.Reason.EMPTY_PAYLOAD, e.reason());
        assertEquals("HELLO frame has an empty payload", e.getMessage());
    }

    @Test
    void rejectsFlags() {
        MalformedFrameException e = failureOf(RawFrame.of(FrameType.HEARTBEAT, new byte[0]).flags(0x80).bytes());

        assertEquals(MalformedFrameException.Reason.BAD_HEADER, e.reason());
        assertEquals("HEARTBEAT frame has flags 0x80, but no flags are defined", e.getMessage());
    }

    @Test
    void rejectsReservedBits() {
        MalformedFrameException e = failureOf(RawFrame.of(FrameType.HEARTBEAT, new byte[0]).reserved(0x0100).bytes());

        assertEquals(MalformedFrameException.Reason.BAD_HEADER, e.reason());
        assertEquals("HEARTBEAT frame has reserved header bits 0x0100 set", e.getMessage());
    }

    private static FrameReader readerOf(byte[] bytes) {
        return new FrameReader(new ByteArrayInputStream(bytes));
    }

    private static MalformedFrameException failureOf(byte[] bytes) {
        InputStream in = new ByteArrayInputStream(bytes);
        return assertThrows(MalformedFrameException.class, () -> new FrameReader(in).read());
    }

    private static byte[] concat(byte[] first, byte[] second) {
        byte[] both = Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, both, first.length, second.length);
        return both;
    }
}
