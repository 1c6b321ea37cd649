package org.lifeboat.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.net.ssl.SSLSocket;
import jakarta.json.JsonObject;
import org.lifeboat.protocol.Hello;

/**
 * Soak: honest agents replicate under steady writes, first alone and then while a hostile population
 * hammers the replication port (garbage, slow handshakes, oversized headers, abrupt closes, idle
 * pings). Reports the honest agents' RPO p50/p99/max in both phases, the server's heap after GC, what
 * the port refused, and checks that each agent's recovery point at the end of each phase equals its
 * source byte for byte. Every hostile connection goes to 127.0.0.1 only, and the attack ends by itself
 * after its duration or its connection budget, whichever comes first.
 *
 * <p>Arguments: attack minutes (default 10), quiet minutes before it (default 3), agents (default 4).
 */
public final class SoakBench {

    private static final long MIB = 1L << 20;
    private static final long DISK_BYTES = 256 * MIB;
    private static final long WRITE_BYTES_PER_SECOND = 1_000_000;
    private static final int HOSTILE_THREADS = 48;
    private static final long MAX_HOSTILE_CONNECTIONS = 200_000;

    private final BenchStack stack;
    private final List<Machine> machines = new ArrayList<>();
    private final Map<Behaviour, AtomicLong> hostile = new EnumMap<>(Behaviour.class);

    private SoakBench() throws Exception {
        stack = new BenchStack();
        for (Behaviour behaviour : Behaviour.values()) {
            hostile.put(behaviour, new AtomicLong());
        }
    }

    public static void main(String[] args) throws Exception {
        Duration attack = Duration.ofMinutes(args.length > 0 ? Long.parseLong(args[0]) : 10);
        Duration quiet = Duration.ofMinutes(args.length > 1 ? Long.parseLong(args[1]) : 3);
        int agents = args.length > 2 ? Integer.parseInt(args[2]) : 4;
        SoakBench bench = new SoakBench();
        try {
            bench.run(agents, quiet, attack);
        } finally {
            for (Machine machine : bench.machines) {
                machine.stop();
            }
        }
    }

    private void run(int agents, Duration quiet, Duration attack) throws Exception {
        System.out.printf("Soak: %d agents, %d MiB disks, %.1f MB/s of random 4-64 KiB writes each; %d min quiet,"
                        + " then %d min with %d hostile clients%n", agents, DISK_BYTES / MIB,
                WRITE_BYTES_PER_SECOND / 1e6, quiet.toMinutes(), attack.toMinutes(), HOSTILE_THREADS);
        stack.awaitQuietServer();
        Instant start = Instant.now();
        for (int i = 0; i < agents; i++) {
            machines.add(new Machine("soak-" + System.currentTimeMillis() + "-" + i, i));
        }
        for (Machine machine : machines) {
            machine.verifiedPoint();
        }
        System.out.printf("  initial replication of all agents: %d s%n", Duration.between(start, Instant.now()).toSeconds());

        Phase without = phase("without attack", quiet, false);
        Phase with = phase("under attack", attack, true);
        System.out.printf("Result: honest RPO p99 %d s without the attack, %d s under it (max %d / %d s); heap after GC"
                        + " peak %d / %d MiB; all %d points byte-equal to their sources%n",
                BenchStack.percentile(without.rpo, 99), BenchStack.percentile(with.rpo, 99),
                BenchStack.percentile(without.rpo, 100), BenchStack.percentile(with.rpo, 100),
                without.heapPeak / MIB, with.heapPeak / MIB, 3 * machines.size());
    }

    private record Phase(List<Long> rpo, long heapPeak) {
    }

    /** Writes and samples for the duration (with the hostile population if asked), then verifies a point per agent. */
    private Phase phase(String label, Duration duration, boolean attacked) throws Exception {
        List<Long> rpo = new ArrayList<>();
        long heapPeak = 0;
        long rejectedBefore;
        try (JMXConnector connector = stack.jmx()) {
            MBeanServerConnection server = connector.getMBeanServerConnection();
            ObjectName port = new ObjectName("lifeboat:type=ReplicationPort");
            rejectedBefore = (Long) server.getAttribute(port, "RejectedConnections");
            machines.forEach(Machine::startWriting);
            List<Thread> attackers = attacked ? attack(duration) : List.of();
            Instant end = Instant.now().plus(duration);
            while (Instant.now().isBefore(end)) {
                Instant tick = Instant.now();
                for (Machine machine : machines) {
                    JsonObject status = stack.itemStatus(machine.item);
                    if (!status.isNull("rpoSeconds")) {
                        rpo.add(status.getJsonNumber("rpoSeconds").longValue());
                    }
                }
                heapPeak = Math.max(heapPeak, BenchStack.heapAfterGc(server));
                long sleep = 2000 - Duration.between(tick, Instant.now()).toMillis();
                if (sleep > 0) {
                    Thread.sleep(sleep);
                }
            }
            for (Thread attacker : attackers) {
                attacker.join(60_000);
            }
            long rejected = (Long) server.getAttribute(port, "RejectedConnections") - rejectedBefore;
            System.out.printf("  %s, %d s: honest RPO p50 %d s, p99 %d s, max %d s (%d samples); heap after GC peak %d MiB"
                            + " of %d; connections refused by the port: %d (last: %s)%n", label, duration.toSeconds(),
                    BenchStack.percentile(rpo, 50), BenchStack.percentile(rpo, 99), BenchStack.percentile(rpo, 100),
                    rpo.size(), heapPeak / MIB, BenchStack.heapMax(server) / MIB, rejected,
                    server.getAttribute(port, "LastRejectionReason"));
        } finally {
            machines.forEach(Machine::stopWriting);
        }
        if (attacked) {
            StringBuilder made = new StringBuilder("  hostile connections made:");
            hostile.forEach((behaviour, count) -> made.append(' ').append(behaviour.name().toLowerCase())
                    .append(' ').append(count.get()));
            System.out.println(made);
        }
        for (Machine machine : machines) {
            machine.verifiedPoint();
        }
        return new Phase(rpo, heapPeak);
    }

    // --- the honest machines --------------------------------------------------------------------

    /** A protected machine: a disk image, its agent, and a writer that changes the disk steadily. */
    private final class Machine {
        final String item;
        final Path disk;
        final Path state;
        final Process agent;
        final Random random;
        /** Writers hold it shared; taking a bookmark and hashing the source hold it exclusively. */
        final ReentrantReadWriteLock writes = new ReentrantReadWriteLock();
        volatile Thread writer;

        Machine(String item, int seed) throws Exception {
            this.item = item;
            this.random = new Random(seed);
            disk = stack.work.resolve(item + ".img");
            try (RandomAccessFile raf = new RandomAccessFile(disk.toFile(), "rw")) {
                raf.setLength(DISK_BYTES);
            }
            write(DISK_BYTES / 4, (int) MIB); // a quarter of the disk holds data, the rest stays sparse
            state = stack.protect(item, disk);
            agent = stack.startAgent(state);
        }

        void startWriting() {
            Thread thread = new Thread(() -> {
                try {
                    while (!Thread.currentThread().isInterrupted()) {
                        Instant tick = Instant.now();
                        writes.readLock().lock();
                        try {
                            write(WRITE_BYTES_PER_SECOND, 0);
                        } finally {
                            writes.readLock().unlock();
                        }
                        long sleep = 1000 - Duration.between(tick, Instant.now()).toMillis();
                        if (sleep > 0) {
                            Thread.sleep(sleep);
                        }
                    }
                } catch (InterruptedException | ClosedByInterruptException e) {
                    // stopped between phases
                } catch (IOException e) {
                    System.out.println("    (writer of " + item + " failed: " + e + ")");
                }
            }, "writer-" + item);
            thread.setDaemon(true);
            writer = thread;
            thread.start();
        }

        void stopWriting() {
            Thread thread = writer;
            if (thread != null) {
                thread.interrupt();
                try {
                    thread.join(10_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                writer = null;
            }
        }

        /** Bookmarks the quiet disk and checks that its recovery point equals the source. */
        void verifiedPoint() throws Exception {
            writes.writeLock().lock();
            try {
                String expected = BenchStack.sha256(disk);
                JsonObject point = stack.waitForPoint(item, stack.bookmark(state));
                String actual = stack.pointSha256(item, point.getString("id"), stack.diskId(item));
                if (!expected.equals(actual)) {
                    throw new IllegalStateException("recovery point " + point.getString("id") + " of " + item
                            + " differs from its source: " + actual + " != " + expected);
                }
            } finally {
                writes.writeLock().unlock();
            }
        }

        /** Writes {@code total} random bytes at random 512-aligned offsets, in blocks of 4-64 KiB (or {@code block}). */
        private void write(long total, int block) throws IOException {
            try (FileChannel channel = FileChannel.open(disk, StandardOpenOption.WRITE)) {
                for (long done = 0; done < total; ) {
                    int length = block > 0 ? block : 512 * (8 + random.nextInt(121));
                    byte[] data = new byte[length];
                    random.nextBytes(data);
                    long offset = (long) random.nextInt((int) ((DISK_BYTES - length) / 512)) * 512;
                    channel.write(ByteBuffer.wrap(data), offset);
                    done += length;
                }
                channel.force(false);
            }
        }

        void stop() throws InterruptedException {
            stopWriting();
            BenchStack.stopAgent(agent);
        }
    }

    // --- the hostile population -------------------------------------------------------------------

    private enum Behaviour {
        /** Random bytes where a TLS ClientHello belongs. */
        PLAIN_GARBAGE,
        /** A finished TLS handshake, then random bytes where frames belong. */
        TLS_GARBAGE,
        /** A TLS handshake trickled a byte at a time. */
        SLOW_HANDSHAKE,
        /** A HELLO header that declares a 4 MiB payload, then nothing. */
        OVERSIZED_HEADER,
        /** Half a header, then a reset. */
        ABRUPT_CLOSE,
        /** An unregistered HELLO (a ping), then the connection held open. */
        IDLE_PING
    }

    private List<Thread> attack(Duration duration) {
        Instant end = Instant.now().plus(duration);
        AtomicLong budget = new AtomicLong(MAX_HOSTILE_CONNECTIONS);
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < HOSTILE_THREADS; i++) {
            Thread thread = new Thread(() -> {
                while (Instant.now().isBefore(end) && budget.decrementAndGet() >= 0) {
                    Behaviour behaviour = Behaviour.values()[ThreadLocalRandom.current().nextInt(Behaviour.values().length)];
                    hostile.get(behaviour).incrementAndGet();
                    try {
                        misbehave(behaviour, end);
                    } catch (IOException | RuntimeException e) {
                        // refused or reset by the server: that is the point
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "hostile-" + i);
            thread.setDaemon(true);
            threads.add(thread);
            thread.start();
        }
        return threads;
    }

    private void misbehave(Behaviour behaviour, Instant end) throws IOException, InterruptedException {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        try (Socket plain = new Socket()) {
            plain.connect(new InetSocketAddress(stack.replicationHost(), stack.replicationPort()), 5000);
            plain.setSoTimeout(30_000);
            switch (behaviour) {
                case PLAIN_GARBAGE -> {
                    byte[] garbage = new byte[1 + random.nextInt(16 * 1024)];
                    random.nextBytes(garbage);
                    plain.getOutputStream().write(garbage);
                    plain.getInputStream().read();
                }
                case SLOW_HANDSHAKE -> {
                    byte[] start = {0x16, 0x03, 0x01, 0x02, 0x00, 0x01}; // a ClientHello record that never completes
                    OutputStream out = plain.getOutputStream();
                    for (int i = 0; i < start.length && Instant.now().isBefore(end); i++) {
                        out.write(start[i]);
                        out.flush();
                        Thread.sleep(3000);
                    }
                }
                default -> {
                    SSLSocket tls = (SSLSocket) stack.tls.getSocketFactory().createSocket(plain,
                            stack.replicationHost(), stack.replicationPort(), true);
                    tls.startHandshake();
                    overTls(behaviour, tls, end);
                }
            }
        }
    }

    private static void overTls(Behaviour behaviour, SSLSocket tls, Instant end) throws IOException, InterruptedException {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        OutputStream out = tls.getOutputStream();
        switch (behaviour) {
            case TLS_GARBAGE -> {
                byte[] garbage = new byte[1 + random.nextInt(64 * 1024)];
                random.nextBytes(garbage);
                out.write(garbage);
                out.flush();
                tls.getInputStream().read();
            }
            case OVERSIZED_HEADER -> {
                out.write(header(1, 4 * 1024 * 1024));
                out.flush();
                holdUntilClosed(tls, end);
            }
            case ABRUPT_CLOSE -> {
                out.write(header(1, 100), 0, 6);
                out.flush();
                tls.setSoLinger(true, 0); // a reset, not a polite close
            }
            case IDLE_PING -> {
                out.write(bytes(Hello.unregistered("soak-ping", "0").toFrame()));
                out.flush();
                holdUntilClosed(tls, end);
            }
            default -> throw new IllegalStateException(behaviour + " is not a TLS behaviour");
        }
    }

    /** Reads (and drops) what the server sends until it closes the connection, the attack ends, or 30 s pass. */
    private static void holdUntilClosed(SSLSocket tls, Instant end) throws IOException {
        Instant stop = Instant.now().plusSeconds(30);
        byte[] sink = new byte[4096];
        while (Instant.now().isBefore(end) && Instant.now().isBefore(stop)) {
            if (tls.getInputStream().read(sink) < 0) {
                return;
            }
        }
    }

    /** A frame header (magic "LBF1", type, no flags, payload length) as the protocol defines it. */
    private static byte[] header(int type, int payloadLength) {
        return ByteBuffer.allocate(12).putInt(0x4C424631).put((byte) type).put((byte) 0).putShort((short) 0)
                .putInt(payloadLength).array();
    }

    private static byte[] bytes(org.lifeboat.protocol.Frame frame) {
        ByteBuffer wire = frame.wire();
        byte[] bytes = new byte[wire.remaining()];
        wire.get(bytes);
        return bytes;
    }
}
