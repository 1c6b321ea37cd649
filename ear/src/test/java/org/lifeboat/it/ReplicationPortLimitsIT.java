package org.lifeboat.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.lifeboat.protocol.ErrorReply;
import org.lifeboat.protocol.Frame;
import org.lifeboat.protocol.FrameReader;
import org.lifeboat.protocol.FrameType;
import org.lifeboat.protocol.FrameWriter;
import org.lifeboat.protocol.Hello;
import org.lifeboat.protocol.Resume;

/**
 * The replication port's limits against hostile clients, while a real agent replicates: pings,
 * slow handshakes, crowds of idle or oversized connections from one address, and records whose
 * fields do not fit. Each is refused with its reason, and the honest agent's recovery points stay
 * byte-equal to its source. The stack runs with a 10 s handshake deadline (see the ear pom).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReplicationPortLimitsIT {

    private static final Duration HANDSHAKE_DEADLINE = Duration.ofSeconds(10);

    @TempDir
    static Path dir;

    private ReplicatingMachine machine;
    private RegisteredTestAgent poisoner;

    @BeforeAll
    void startAnHonestAgent() throws Exception {
        machine = ReplicatingMachine.start(dir, "port-limits-it", null);
        poisoner = RegisteredTestAgent.registerAndProtect("port-limits-poisoner", 64L << 20);
    }

    @AfterAll
    void stopIt() throws Exception {
        if (machine != null) {
            machine.close();
        }
    }

    @Test
    @Order(1)
    void aPingIsAnsweredThenClosed() throws Exception {
        try (SSLSocket socket = ReplicationClients.tlsConnection()) {
            socket.setSoTimeout(15_000);
            FrameReader reader = new FrameReader(socket.getInputStream());
            new FrameWriter(socket.getOutputStream()).write(Hello.unregistered("ping-it", "it").toFrame());

            assertEquals(FrameType.WELCOME, reader.read().orElseThrow().type());
            ReplicationClients.assertClosedByServer(socket);
        }
        assertTrue(ReplicationPortStatus.pingsAnswered() > 0);
    }

    @Test
    @Order(2)
    void aHandshakeTricklingOneByteASecondIsClosedAtTheDeadline() throws Exception {
        byte[] hello = ReplicationClients.bytes(Hello.unregistered("trickle-it", "it").toFrame());
        long started = System.nanoTime();
        try (SSLSocket socket = ReplicationClients.tlsConnection()) {
            socket.setSoTimeout(30_000);
            AtomicBoolean closed = new AtomicBoolean();
            Thread trickle = new Thread(() -> {
                try {
                    OutputStream out = socket.getOutputStream();
                    for (int i = 0; i < hello.length - 1 && !closed.get(); i++) { // never the last byte
                        out.write(hello[i]);
                        out.flush();
                        Thread.sleep(900);
                    }
                } catch (IOException | InterruptedException e) {
                    // the server closed it: what this test waits for
                }
            });
            trickle.start();
            ReplicationClients.assertClosedByServer(socket);
            closed.set(true);
            trickle.join(5_000);
        }
        Duration open = Duration.ofNanos(System.nanoTime() - started);
        assertTrue(open.compareTo(HANDSHAKE_DEADLINE.plusSeconds(10)) < 0,
                "a trickling handshake stayed open for " + open);
        assertTrue(ReplicationPortStatus.lastRejectionReason().contains("handshake deadline"),
                ReplicationPortStatus.lastRejectionReason());
    }

    @Test
    @Order(3)
    void idleConnectionsFromOneAddressAreLimitedWithAReason() throws Exception {
        long refusedBefore = ReplicationPortStatus.connectionsRefusedAsBusy();
        List<Socket> idle = new ArrayList<>();
        try {
            for (int i = 0; i < 40; i++) { // plain TCP that never starts TLS: each holds a handshake slot
                Socket socket = new Socket(host(), port());
                socket.setSoTimeout(20_000);
                idle.add(socket);
            }
            ReplicationClients.assertClosedByServer(idle.get(idle.size() - 1));
            long refused = ReplicationPortStatus.connectionsRefusedAsBusy() - refusedBefore;
            assertTrue(refused >= 20, "only " + refused + " of 40 idle connections from one address were refused;"
                    + " last reason: " + ReplicationPortStatus.lastRejectionReason());
            String reasons = ReplicationPortStatus.lastRejectionReason();
            assertTrue(reasons.contains("per address") || reasons.contains("handshake deadline"), reasons);
        } finally {
            for (Socket socket : idle) {
                socket.close();
            }
        }
        awaitWelcome(poisoner, Duration.ofSeconds(30));
    }

    @Test
    @Order(4)
    void twoHundredFiftySixIdlePingingSocketsDoNotKeepAnAgentOut() throws Exception {
        List<SSLSocket> pinging = Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(32);
        try {
            // all at once, as a hostile host would: each says HELLO without agent id, then nothing, never closing;
            // from 127.0.0.2, since the per-address limit is meant to keep one host from locking out the others
            InetAddress hostile = InetAddress.getByName("127.0.0.2");
            List<Future<?>> opened = new ArrayList<>();
            for (int i = 0; i < 256; i++) {
                opened.add(pool.submit(() -> {
                    SSLSocket socket = ReplicationClients.tlsConnectionFrom(hostile);
                    pinging.add(socket);
                    new FrameWriter(socket.getOutputStream()).write(Hello.unregistered("idle-it", "it").toFrame());
                    return null;
                }));
            }
            int sent = 0;
            for (Future<?> future : opened) {
                try {
                    future.get(2, TimeUnit.MINUTES);
                    sent++;
                } catch (java.util.concurrent.ExecutionException e) {
                    // refused as busy: the server may, as long as the agent below gets in
                }
            }
            assertTrue(sent > 0, "no ping could be sent");

            // a registered agent, and the real agent's ping, still get in at once
            long started = System.nanoTime();
            awaitWelcome(poisoner, Duration.ofSeconds(5));
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            assertTrue(took.compareTo(Duration.ofSeconds(5)) < 0, "the agent got in only after " + took);
            LifeboatStack.CommandResult ping = LifeboatStack.agent("ping", "--server", LifeboatStack.replicationAddress(),
                    "--ca-cert", LifeboatStack.serverCertificate().toString(), "--name", "it-agent");
            assertEquals(0, ping.exitCode(), ping.toString());
        } finally {
            pool.shutdownNow();
            pool.awaitTermination(1, TimeUnit.MINUTES);
            for (SSLSocket socket : new ArrayList<>(pinging)) {
                socket.close();
            }
        }
    }

    @Test
    @Order(5)
    void anOversizedBookmarkIdIsRefusedWithAnErrorAndTheOtherAgentKeepsReplicating() throws Exception {
        long durable;
        try (RegisteredTestAgent.Connection connection = poisoner.connect()) {
            assertEquals(FrameType.WELCOME, connection.reader.read().orElseThrow().type());
            durable = Resume.from(connection.reader.read().orElseThrow()).disks().get(0).durableSequence();

            connection.writer.write(ReplicationClients.rawBookmark(poisoner.diskId, durable + 1, "b".repeat(65)));

            Frame answer = connection.reader.read().orElseThrow();
            assertEquals(FrameType.ERROR, answer.type(), "a bookmark id the recovery point cannot hold was answered "
                    + answer.type());
            String message = ErrorReply.from(answer).message();
            assertTrue(message.contains("bookmark id of 65 characters exceeds the 64-character limit"), message);
            ReplicationClients.assertClosedByServer(connection.socket);
        }
        assertEquals(durable, durableSequence(poisoner), "the refused bookmark was journaled");

        // the honest agent's new writes still reach a recovery point, byte for byte
        machine.disk.randomWrites(200, new Random(5));
        String sha = machine.disk.sha256();
        String point = machine.bookmark();
        assertEquals(sha, machine.imageSha(point), "the honest agent's point differs from its source");
    }

    /**
     * Before HELLO the server allocates at most 2 KiB per connection, so 300 connections that send an oversized
     * header and hold on must not show in the heap. That is measured with the data path idle: with a burst
     * replicating, the data path's own buffers (bounded by design: the uploads in flight and the applier's lanes,
     * each up to a segment and its writes) made the heap after GC peak anywhere from 190 to 342 MiB from run to run,
     * far more than the flood's own cost. The flood is then sent again while the agent writes: its point must
     * equal its source, and the heap stay within what the data path's bounds allow.
     */
    @Test
    @Order(6)
    void threeHundredOversizedHeadersKeepTheHeapSmallAndTheAgentsPointsExact() throws Exception {
        machine.disk.randomWrites(50, new Random(6));
        machine.bookmark(); // applied: nothing of the agent's is held by the data path now
        long idle = Jmx.heapAfterGc();
        long idlePeak = floodWithOversizedHeaders();
        System.out.printf("heap after GC, data path idle: %d MiB before the flood, %d MiB at most during it%n",
                idle >> 20, idlePeak >> 20);
        assertTrue(idlePeak - idle < 32L << 20, "the flood grew the heap after GC by " + ((idlePeak - idle) >> 20)
                + " MiB (300 connections before HELLO may hold 2 KiB each)");

        long busyPeak;
        try (WriteBurst burst = WriteBurst.start(machine.disk, new Random(7))) {
            Thread.sleep(5_000);
            busyPeak = floodWithOversizedHeaders();
        }
        System.out.printf("heap after GC, a burst replicating: %d MiB at most during the flood%n", busyPeak >> 20);
        assertTrue(busyPeak < 450L << 20, "heap after GC reached " + (busyPeak >> 20) + " MiB");
        String sha = machine.disk.sha256();
        String point = machine.bookmark();
        assertEquals(sha, machine.imageSha(point), "the agent's point differs from its source after the flood");
    }

    /** Sends the flood, holds it past the handshake deadline, and returns the highest heap after GC seen meanwhile. */
    private static long floodWithOversizedHeaders() throws Exception {
        AtomicLong peak = new AtomicLong(Jmx.heapAfterGc());
        AtomicBoolean flooding = new AtomicBoolean(true);
        Thread sampler = new Thread(() -> {
            while (flooding.get()) {
                try {
                    peak.accumulateAndGet(Jmx.heapAfterGc(), Math::max);
                } catch (Exception e) {
                    return; // the caller's assertions say what happened
                }
            }
        });
        List<SSLSocket> flood = Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            sampler.start();
            List<Future<?>> sent = new ArrayList<>();
            for (int i = 0; i < 300; i++) {
                sent.add(pool.submit(() -> {
                    SSLSocket socket = ReplicationClients.tlsConnection();
                    flood.add(socket); // held open, never another byte
                    socket.getOutputStream().write(oversizedHeader());
                    socket.getOutputStream().flush();
                    return null;
                }));
            }
            for (Future<?> future : sent) {
                try {
                    future.get(2, TimeUnit.MINUTES);
                } catch (java.util.concurrent.ExecutionException e) {
                    // refused as busy: allowed
                }
            }
            Thread.sleep(HANDSHAKE_DEADLINE.toMillis() * 2);
        } finally {
            flooding.set(false);
            sampler.join(60_000);
            pool.shutdownNow();
            pool.awaitTermination(1, TimeUnit.MINUTES);
            for (SSLSocket socket : new ArrayList<>(flood)) {
                socket.close();
            }
        }
        return peak.get();
    }

    /** Connects as the agent and waits (bounded) for WELCOME; a refusal as busy is retried. */
    private static void awaitWelcome(RegisteredTestAgent agent, Duration patience) throws Exception {
        long deadline = System.nanoTime() + patience.toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            try (RegisteredTestAgent.Connection connection = agent.connect()) {
                Frame first = connection.reader.read().orElseThrow();
                if (first.type() == FrameType.WELCOME) {
                    return;
                }
                last = first.type() + ": " + ErrorReply.from(first).message();
            } catch (IOException | java.util.NoSuchElementException e) {
                last = e.toString();
            }
            Thread.sleep(200);
        }
        throw new AssertionError("agent " + agent.agentId + " not welcomed within " + patience + ": " + last
                + "; port says: " + ReplicationPortStatus.lastRejectionReason());
    }

    private static long durableSequence(RegisteredTestAgent agent) throws IOException {
        try (RegisteredTestAgent.Connection connection = agent.connect()) {
            assertEquals(FrameType.WELCOME, connection.reader.read().orElseThrow().type());
            return Resume.from(connection.reader.read().orElseThrow()).disks().get(0).durableSequence();
        }
    }

    /** The 12-byte header of a DATA frame declaring a 4 MiB payload, sent as the first frame. */
    private static byte[] oversizedHeader() {
        return ByteBuffer.allocate(12).put("LBF1".getBytes(StandardCharsets.US_ASCII))
                .put((byte) FrameType.DATA.code()).put((byte) 0).putShort((short) 0).putInt(4 << 20).array();
    }

    private static String host() {
        return LifeboatStack.replicationAddress().split(":")[0];
    }

    private static int port() {
        return Integer.parseInt(LifeboatStack.replicationAddress().split(":")[1]);
    }
}
