package org.lifeboat.protocol;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HelloTest {

    private static final Hello REGISTERED = new Hello(1, "db01.example.com", "0.1.0-SNAPSHOT",
            "agent-7f3a", new byte[] {(byte) 0xCA, (byte) 0xFE, 0, 1});

    @Test
    void survivesTheRoundTripOverTheWire() throws IOException {
        byte[] wire = RawFrame.bytesOf(REGISTERED.toFrame());

        Frame frame = new FrameReader(new ByteArrayInputStream(wire)).read().orElseThrow();

        assertEquals(FrameType.HELLO, frame.type());
        assertEquals(REGISTERED, Hello.from(frame));
    }

    @Test
    void anUnregisteredAgentSendsAnEmptyIdAndCredential() throws IOException {
        Hello hello = Hello.from(Hello.unregistered("db01", "0.1.0").toFrame());

        assertEquals(ProtocolLimits.PROTOCOL_VERSION, hello.protocolVersion());
        assertEquals("", hello.agentId());
        assertEquals(0, hello.credential().length);
    }

    @Test
    void keepsNonAsciiNames() throws IOException {
        Hello hello = Hello.unregistered("Datenbank-Server München", "0.1.0");

        assertEquals(hello, Hello.from(hello.toFrame()));
    }

    @Test
    void encodesFieldsAsLengthPrefixedBytes() {
        byte[] payload = Hello.unregistered("a", "b").toFrame().payload();

        assertEquals(Arrays.toString(new byte[] {0, 1, 0, 1, 'a', 0, 1, 'b', 0, 0, 0, 0}), Arrays.toString(payload));
    }

    @Test
    void rejectsTrailingBytes() {
        byte[] payload = Hello.unregistered("a", "b").toFrame().payload();
        Frame frame = new Frame(FrameType.HELLO, Arrays.copyOf(payload, payload.length + 3));

        MalformedFrameException e = assertThrows(MalformedFrameException.class, () -> Hello.from(frame));

        assertEquals(MalformedFrameException.Reason.BAD_PAYLOAD, e.reason());
        assertEquals("HELLO payload: 3 unexpected bytes after the last field", e.getMessage());
    }

    @Test
    void rejectsAShortPayload() {
        Frame frame = new Frame(FrameType.HELLO, new byte[] {0, 1, 0, 5, 'd', 'b'});

        MalformedFrameException e = assertThrows(MalformedFrameException.class, () -> Hello.from(frame));

        assertEquals(MalformedFrameException.Reason.BAD_PAYLOAD, e.reason());
        assertEquals("HELLO payload: agentName needs 5 bytes at offset 4, but only 2 remain", e.getMessage());
    }

    @Test
    void rejectsAPayloadThatStopsBetweenFields() {
        Frame frame = new Frame(FrameType.HELLO, new byte[] {0, 1});

        MalformedFrameException e = assertThrows(MalformedFrameException.class, () -> Hello.from(frame));

        assertEquals("HELLO payload: agentName length needs 2 bytes at offset 2, but only 0 remain", e.getMessage());
    }

    @Test
    void rejectsInvalidUtf8() {
        byte[] payload = ByteBuffer.allocate(12).putShort((short) 1)
                .putShort((short) 2).put((byte) 0xC3).put((byte) 0x28)
                .putShort((short) 0).putShort((short) 0).putShort((short) 0)
                .array();

        MalformedFrameException e = assertThrows(MalformedFrameException.class,
                () -> Hello.from(new Frame(FrameType.HELLO, payload)));

        assertEquals("HELLO payload: agentName is not valid UTF-8", e.getMessage());
    }

    @Test
    void refusesToDecodeAnotherFrameType() {
        Frame welcome = new Welcome("ps1", "0.1.0", "s-1", "").toFrame();

        assertThrows(IllegalArgumentException.class, () -> Hello.from(welcome));
    }

    @Test
    void refusesAFieldTooLongForItsLengthPrefix() {
        Hello hello = Hello.unregistered("x".repeat(65_536), "0.1.0");

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, hello::toFrame);

        assertEquals("agentName is 65536 bytes long; at most 65535 fit", e.getMessage());
    }

    @Test
    void keepsTheCredentialOutOfItsText() {
        assertFalse(REGISTERED.toString().contains("-54"), REGISTERED.toString());
        assertEquals("Hello[protocolVersion=1, agentName=db01.example.com, agentVersion=0.1.0-SNAPSHOT,"
                + " agentId=agent-7f3a, credential=4 bytes]", REGISTERED.toString());
    }

    @Test
    void fieldsLongerThanTheServerKeepsAreABadPayload() {
        Frame longName = new Hello(ProtocolLimits.PROTOCOL_VERSION, "n".repeat(ProtocolLimits.MAX_AGENT_NAME_CHARS + 1),
                "1", "", new byte[0]).toFrame();
        Frame longCredential = new Hello(ProtocolLimits.PROTOCOL_VERSION, "db01", "1", "id",
                new byte[ProtocolLimits.MAX_CREDENTIAL_BYTES + 1]).toFrame();

        MalformedFrameException name = assertThrows(MalformedFrameException.class, () -> Hello.from(longName));
        MalformedFrameException credential = assertThrows(MalformedFrameException.class,
                () -> Hello.from(longCredential));

        assertTrue(name.getMessage().contains("agent name of 256 characters exceeds the 255-character limit"),
                name.getMessage());
        assertTrue(credential.getMessage().contains("credential of 513 bytes exceeds the 512-byte limit"),
                credential.getMessage());
    }

    @Test
    void theLargestValidHelloFitsInTheLimitBeforeAuthentication() {
        Hello largest = new Hello(ProtocolLimits.PROTOCOL_VERSION, "n".repeat(ProtocolLimits.MAX_AGENT_NAME_CHARS),
                "v".repeat(ProtocolLimits.MAX_AGENT_VERSION_CHARS), "i".repeat(ProtocolLimits.MAX_ID_CHARS),
                new byte[ProtocolLimits.MAX_CREDENTIAL_BYTES]);

        assertTrue(largest.toFrame().payloadLength() <= ProtocolLimits.MAX_HELLO_PAYLOAD_BYTES,
                largest.toFrame().payloadLength() + " bytes");
    }
}
