package org.lifeboat.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.lifeboat.protocol.Ack;
import org.lifeboat.protocol.DataRecord;
import org.lifeboat.protocol.ErrorReply;
import org.lifeboat.protocol.Frame;
import org.lifeboat.protocol.FrameType;
import org.lifeboat.protocol.Hello;
import org.lifeboat.protocol.ProtocolLimits;
import org.lifeboat.protocol.Resume;

/**
 * A registered agent that misbehaves on the replication port: every bad frame closes its connection
 * with a logged reason before anything of it is journaled, while good records from a good connection
 * are still acknowledged, and the server's heap stays flat.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReplicationAbuseIT {

    private static final long DISK_SIZE = 64L << 20;
    private RegisteredTestAgent agent;

    @BeforeAll
    void register() throws Exception {
        agent = RegisteredTestAgent.registerAndProtect("abuse-it", DISK_SIZE);
    }

    @Test
    void aRegisteredAgentIsWelcomedWithItsDisksAndItsRecordsAcknowledged() throws Exception {
        try (RegisteredTestAgent.Connection connection = agent.connect()) {
            assertEquals(FrameType.WELCOME, connection.reader.read().orElseThrow().type());
            Resume resume = Resume.from(connection.reader.read().orElseThrow());
            assertEquals(1, resume.disks().size());
            assertEquals(agent.diskId, resume.disks().get(0).diskId());
            assertEquals(DISK_SIZE, resume.disks().get(0).sizeBytes());
            long next = resume.disks().get(0).durableSequence() + 1;

            connection.writer.write(new DataRecord(agent.diskId, next, System.currentTimeMillis(), 0,
                    new byte[4096]).toFrame());

            Ack ack = Ack.from(connection.readSkippingDurable().orElseThrow());
            assertEquals(new Ack(agent.diskId, next), ack);
        }
    }

    /**
     * An agent sends each record as soon as it has it (one TLS record per frame): records that arrived while the
     * previous batch was being fsynced share the next fsync and ACK. Seen red before the change: 400 records,
     * 400 commits (the session looked only at decrypted bytes, 0 after every frame).
     */
    @Test
    void recordsSentBackToBackShareTheirFsyncs() throws Exception {
        int records = 400;
        try (RegisteredTestAgent.Connection connection = agent.connect()) {
            assertEquals(FrameType.WELCOME, connection.reader.read().orElseThrow().type());
            long first = Resume.from(connection.reader.read().orElseThrow()).disks().get(0).durableSequence() + 1;
            long journaledBefore = ReplicationPortStatus.recordsJournaled();
            long commitsBefore = ReplicationPortStatus.journalCommits();
            byte[] data = new byte[4096];
            for (int i = 0; i < records; i++) {
                data[0] = (byte) (i + 1);
                connection.writer.write(new DataRecord(agent.diskId, first + i, System.currentTimeMillis(),
                        (long) (i * 7 % 16_000) * 4096, data).toFrame());
            }
            long acknowledged = 0;
            while (acknowledged < first + records - 1) {
                Frame frame = connection.reader.read().orElseThrow();
                if (frame.type() == FrameType.ACK) {
                    acknowledged = Ack.from(frame).durableSequence();
                }
            }
            assertEquals(first + records - 1, acknowledged);
            assertEquals(records, ReplicationPortStatus.recordsJournaled() - journaledBefore);
            long commits = ReplicationPortStatus.journalCommits() - commitsBefore;
            System.out.printf("%d records sent back to back: %d journal commits%n", records, commits);
            assertTrue(commits <= records / 4, records + " records back to back took " + commits + " commits (fsyncs)");
        }
    }

    @Test
    void aWrongCredentialIsRefusedBeforeAnyData() throws Exception {
        try (RegisteredTestAgent.Connection connection = connectAs(agent.agentId, "not-the-credential")) {
            Frame answer = connection.reader.read().orElseThrow();
            assertEquals(FrameType.ERROR, answer.type());
            assertTrue(ErrorReply.from(answer).message().contains("credential"), ErrorReply.from(answer).message());
            ReplicationClients.assertClosedByServer(connection.socket);
        }
    }

    @Test
    void anOffsetPastTheDiskEndClosesTheConnection() throws Exception {
        assertRejected(new DataRecord(agent.diskId, Long.MAX_VALUE / 2, 1, DISK_SIZE, new byte[512]).toFrame(),
                "past the end of disk");
    }

    @Test
    void aMisalignedOffsetClosesTheConnection() throws Exception {
        assertRejected(rawData(agent.diskId, 1000, 512), "not a multiple of 512");
    }

    @Test
    void aRecordForAnotherDiskClosesTheConnection() throws Exception {
        assertRejected(new DataRecord("someone-elses-disk", 1, 1, 0, new byte[512]).toFrame(), "is not replicated");
    }

    @Test
    void aBadCrcClosesTheConnection() throws Exception {
        byte[] frame = ReplicationClients.bytes(new DataRecord(agent.diskId, 1, 1, 0, new byte[512]).toFrame());
        frame[40] ^= 1;
        assertRejectedRaw(frame, "BAD_CRC");
    }

    @Test
    void a64MebibyteLengthPrefixClosesTheConnection() throws Exception {
        ByteBuffer header = ByteBuffer.allocate(12).put("LBF1".getBytes(StandardCharsets.US_ASCII))
                .put((byte) FrameType.DATA.code()).put((byte) 0).putShort((short) 0).putInt(64 << 20);
        assertRejectedRaw(header.array(), "OVERSIZE");
    }

    @Test
    void aTruncatedFrameIsNotJournaled() throws Exception {
        long before = durableSequence();
        byte[] frame = ReplicationClients.bytes(new DataRecord(agent.diskId, before + 1, 1, 0, new byte[8192]).toFrame());
        try (RegisteredTestAgent.Connection connection = welcomed()) {
            connection.socket.getOutputStream().write(frame, 0, frame.length / 2);
            connection.socket.getOutputStream().flush();
        }
        assertEquals(before, durableSequence(), "half a frame was journaled");
    }

    @Test
    void theHeapStaysFlatUnderAStreamOfBadConnections() throws Exception {
        long before = Jmx.heapAfterGc();
        for (int i = 0; i < 40; i++) {
            ByteBuffer header = ByteBuffer.allocate(12).put("LBF1".getBytes(StandardCharsets.US_ASCII))
                    .put((byte) FrameType.DATA.code()).put((byte) 0).putShort((short) 0).putInt(4 << 20);
            try (RegisteredTestAgent.Connection connection = welcomed()) {
                connection.socket.getOutputStream().write(header.array());
                connection.socket.getOutputStream().write(new byte[1 << 20]); // then never the rest
            }
        }
        long after = Jmx.heapAfterGc();
        assertTrue(after - before < 64L << 20, "heap grew from " + before + " to " + after + " bytes");
        aRegisteredAgentIsWelcomedWithItsDisksAndItsRecordsAcknowledged();
    }

    private void assertRejected(Frame frame, String reason) throws Exception {
        assertRejectedRaw(ReplicationClients.bytes(frame), reason);
    }

    private void assertRejectedRaw(byte[] frame, String reason) throws Exception {
        long durable = durableSequence();
        try (RegisteredTestAgent.Connection connection = welcomed()) {
            connection.socket.getOutputStream().write(frame);
            connection.socket.getOutputStream().flush();
            ReplicationClients.assertClosedByServer(connection.socket);
        }
        String last = (String) Jmx.attribute("lifeboat:type=ReplicationPort", "LastRejectionReason");
        assertTrue(last.contains(reason), last);
        assertEquals(durable, durableSequence(), "a rejected frame was journaled");
        aRegisteredAgentIsWelcomedWithItsDisksAndItsRecordsAcknowledged();
    }

    private RegisteredTestAgent.Connection welcomed() throws IOException {
        RegisteredTestAgent.Connection connection = agent.connect();
        assertEquals(FrameType.WELCOME, connection.reader.read().orElseThrow().type());
        assertEquals(FrameType.RESUME, connection.reader.read().orElseThrow().type());
        return connection;
    }

    private long durableSequence() throws IOException {
        try (RegisteredTestAgent.Connection connection = agent.connect()) {
            assertEquals(FrameType.WELCOME, connection.reader.read().orElseThrow().type());
            return Resume.from(connection.reader.read().orElseThrow()).disks().get(0).durableSequence();
        }
    }

    private static RegisteredTestAgent.Connection connectAs(String agentId, String credential) throws IOException {
        String[] hostPort = LifeboatStack.replicationAddress().split(":");
        var socket = (javax.net.ssl.SSLSocket) LifeboatStack.trustingServer().getSocketFactory()
                .createSocket(hostPort[0], Integer.parseInt(hostPort[1]));
        socket.setSoTimeout(30_000);
        RegisteredTestAgent.Connection forged = new RegisteredTestAgent.Connection(socket);
        forged.writer.write(new Hello(ProtocolLimits.PROTOCOL_VERSION, "it", "it", agentId,
                credential.getBytes(StandardCharsets.UTF_8)).toFrame());
        return forged;
    }

    private static Frame rawData(String diskId, long offset, int length) {
        byte[] id = diskId.getBytes(StandardCharsets.UTF_8);
        ByteBuffer payload = ByteBuffer.allocate(2 + id.length + 24 + 4 + length);
        payload.putShort((short) id.length).put(id).putLong(1).putLong(1).putLong(offset).putInt(length)
                .put(new byte[length]);
        return new Frame(FrameType.DATA, payload.array());
    }
}
