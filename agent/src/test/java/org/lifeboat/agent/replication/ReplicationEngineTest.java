package org.lifeboat.agent.replication;

import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lifeboat.agent.api.DiskConfiguration;
import org.lifeboat.agent.connection.ServerTrust;
import org.lifeboat.agent.disk.DiskId;
import org.lifeboat.agent.state.AgentIdentity;
import org.lifeboat.agent.state.Credential;
import org.lifeboat.agent.state.StateDirectory;
import org.lifeboat.agent.api.GroupRoundOutcome;
import org.lifeboat.agent.bookmark.BookmarkService;
import org.lifeboat.agent.bookmark.FreezeHooks;
import org.lifeboat.agent.bookmark.HookCommand;
import org.lifeboat.agent.testing.FakeProcessServer;
import org.lifeboat.agent.testing.TestCertificate;
import org.lifeboat.agent.tracking.BlockHasher;
import org.lifeboat.agent.tracking.BlockLayout;
import org.lifeboat.protocol.BookmarkRecord;
import org.lifeboat.protocol.ChangeRecord;
import org.lifeboat.protocol.Consistency;
import org.lifeboat.protocol.DataRecord;
import org.lifeboat.protocol.SyncRecord;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The sender and its acknowledgements against a process server on the real protocol. */
class ReplicationEngineTest {

    static final ReplicationSettings FAST = new ReplicationSettings(Duration.ofMillis(20), 64L << 20,
            Duration.ofMillis(100), Duration.ofMillis(20), Duration.ofMillis(200), Duration.ofSeconds(5),
            Duration.ofSeconds(1), Duration.ofSeconds(10), Duration.ofMillis(200));
    private static final Duration CONVERGE = Duration.ofSeconds(15);
    private static final int BLOCK = 64 * 1024;
    private static final int SIZE = 4 << 20;
    private static final String DISK = "disk-1";

    @TempDir
    Path directory;

    private final Random random = new Random(7);
    private TestCertificate certificate;
    private FakeProcessServer server;
    private Path image;
    private Path state;
    private ReplicationEngine engine;

    @BeforeEach
    void startServer() throws Exception {
        certificate = TestCertificate.localhost();
        server = new FakeProcessServer(certificate, "agent-1", "secret").addDisk(DISK, SIZE);
        image = directory.resolve("disk.img");
        try (FileChannel channel = FileChannel.open(image, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            channel.truncate(SIZE);
            channel.write(ByteBuffer.wrap(new byte[1]), SIZE - 1);
        }
        state = directory.resolve("state");
        Files.createDirectories(state);
    }

    @AfterEach
    void stop() throws IOException {
        if (engine != null) {
            engine.close();
        }
        server.close();
    }

    @Test
    void initialReplicationSendsOnlyBlocksThatAreNotZero() throws Exception {
        writeBlocks(2, 3, 10, 40);

        start(FAST);
        awaitReplicaEqualsDisk();

        assertEquals(4L * BLOCK, server.dataBytesReceived(DISK));
        assertEquals(List.of(1L, 2L, 3L), dataSequences(server.journal(DISK)).subList(0, 3));
        FakeProcessServer.await("the initial replication is reported complete", CONVERGE,
                () -> !engine.reports().get(0).initial());
        assertEquals(100, engine.reports().get(0).initialPercent());
    }

    /** Failback: a seed that started as a copy of the disk (but for block 10) is not sent again, only block 10. */
    @Test
    void aSeededDiskSendsOnlyTheBlocksThatDifferFromItsSeed() throws Exception {
        writeBlocks(2, 3, 10, 40);
        byte[] seed = readAll();
        seed[10 * BLOCK + 5] ^= 1;
        BlockLayout layout = BlockLayout.forDisk(SIZE);
        BlockHasher hasher = new BlockHasher(layout.blockSize());
        long[] seedHashes = new long[layout.blockCount()];
        for (int block = 0; block < seedHashes.length; block++) {
            seedHashes[block] = hasher.hash(seed, (int) layout.offset(block), layout.length(block));
        }
        AgentIdentity identity = new AgentIdentity("agent-1", new Credential("secret"), URI.create("https://localhost:1/api"),
                server.address(), "test-machine");
        engine = new ReplicationEngine(StateDirectory.at(state), identity, ServerTrust.pinned(certificateOf()), FAST,
                (diskId, asked) -> seedHashes);
        engine.replicate(List.of(new DiskConfiguration(DiskId.of(DISK), image, SIZE, true, true)), server.address());

        FakeProcessServer.await("the initial replication is reported complete", CONVERGE,
                () -> !engine.reports().get(0).initial());
        assertEquals((long) BLOCK, server.dataBytesReceived(DISK), "only block 10");
    }

    @Test
    void picksUpRandomWritesWithinAPass() throws Exception {
        start(FAST);
        awaitReplicaEqualsDisk();

        for (int i = 0; i < 20; i++) {
            write(random.nextInt(SIZE / 512) * 512L, randomBytes(512 * (1 + random.nextInt(16))));
        }
        awaitReplicaEqualsDisk();
        assertConsecutive(server.journal(DISK));
    }

    @Test
    void sendsAnIdleDiskSyncRecordsTellingHowFreshItIs() throws Exception {
        long before = System.currentTimeMillis();
        start(FAST);

        FakeProcessServer.await("a SYNC arrives", CONVERGE,
                () -> server.journal(DISK).stream().anyMatch(SyncRecord.class::isInstance));
        ChangeRecord sync = server.journal(DISK).stream().filter(SyncRecord.class::isInstance).findFirst().orElseThrow();
        assertTrue(sync.sourceTimeMillis() >= before && sync.sourceTimeMillis() <= System.currentTimeMillis());
    }

    @Test
    void resendsWhatTheServerHadNotAcknowledgedWhenTheConnectionDrops() throws Exception {
        start(FAST);
        awaitReplicaEqualsDisk();
        server.holdAcks(true);
        writeBlocks(5, 6, 7, 30);
        FakeProcessServer.await("the changes arrive", CONVERGE, () -> server.dataBytesReceived(DISK) >= 4L * BLOCK);

        server.dropConnections();
        FakeProcessServer.await("the agent reconnects", CONVERGE, () -> server.hellos().size() >= 2);
        server.holdAcks(false);

        awaitReplicaEqualsDisk();
        assertConsecutive(server.journal(DISK));
        assertEquals(0, server.gaps(DISK));
    }

    @Test
    void resendsWithTheOriginalSequencesWhatACrashedServerLost() throws Exception {
        start(FAST);
        awaitReplicaEqualsDisk();
        long durableBefore = server.durable(DISK);
        server.holdAcks(true);
        writeBlocks(8, 9, 50);
        FakeProcessServer.await("the changes arrive", CONVERGE, () -> server.dataBytesReceived(DISK) >= 3L * BLOCK);

        server.crash();
        server.holdAcks(false);

        awaitReplicaEqualsDisk();
        assertEquals(durableBefore + 1, server.journal(DISK).stream()
                .filter(record -> record.sequence() > durableBefore).findFirst().orElseThrow().sequence());
        assertEquals(0, server.gaps(DISK));
    }

    @Test
    void aLostJournalGetsAgainOnlyTheBlocksAcknowledgedAfterWhatIsDurableInAzure() throws Exception {
        replicateUntilDurableInAzure(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11);

        write(3L * BLOCK, new byte[BLOCK]); // back to zeros: a server that forgot it would keep the old block
        writeBlocks(5, 30);
        awaitEveryAckAndReplica();
        FakeProcessServer.await("the agent keeps what is acknowledged, not durable", CONVERGE,
                () -> engine.reports().get(0).notDurableBytes() >= 3L * BLOCK);
        server.forgetReceived(DISK);

        server.loseJournal(DISK);

        awaitReplicaEqualsDisk();
        assertEquals(3L * BLOCK, server.dataBytesReceived(DISK), "only the three blocks not durable in Azure");
    }

    @Test
    void aBookmarkAskedWhileDisconnectedFromAServerThatLostItsJournalIsNotSentBeforeTheLostBlocks() throws Exception {
        replicateUntilDurableInAzure(0, 1, 2, 3);
        writeBlocks(6, 7);
        awaitEveryAckAndReplica();
        FakeProcessServer.await("blocks 6 and 7 acknowledged, not durable", CONVERGE,
                () -> engine.reports().get(0).notDurableBytes() >= 2L * BLOCK);

        server.busy(true);
        server.loseJournal(DISK);
        int receivedBefore = server.received(DISK).size();
        // asked while the agent cannot reach the server: its pass finds nothing new (the blocks are acknowledged)
        BookmarkRequest request = engine.bookmarks().post("bm-lost", Consistency.CRASH_CONSISTENT,
                Set.of(DiskId.of(DISK)), false);
        Sequence queued = request.awaitAppended(CONVERGE).get(DiskId.of(DISK));
        server.busy(false);

        BookmarkVoidedException voided = assertThrows(BookmarkVoidedException.class,
                () -> engine.awaitAcknowledged(DiskId.of(DISK), queued, CONVERGE));
        assertTrue(voided.getMessage().contains("take the bookmark again"), voided.getMessage());
        awaitReplicaEqualsDisk();
        assertTrue(server.received(DISK).stream().noneMatch(record -> record instanceof BookmarkRecord bookmark
                && bookmark.bookmarkId().equals("bm-lost")), "a point at it would lack blocks 6 and 7");

        Sequence again = engine.bookmarks().post("bm-again", Consistency.CRASH_CONSISTENT, Set.of(DiskId.of(DISK)),
                false).awaitAppended(CONVERGE).get(DiskId.of(DISK));
        assertTrue(engine.awaitAcknowledged(DiskId.of(DISK), again, CONVERGE));
        List<ChangeRecord> received = server.received(DISK);
        int bookmark = received.indexOf(received.stream().filter(record -> record instanceof BookmarkRecord b
                && b.bookmarkId().equals("bm-again")).findFirst().orElseThrow());
        assertTrue(received.subList(receivedBefore, bookmark).stream().anyMatch(record -> record instanceof DataRecord data
                && data.offset() <= 7L * BLOCK && 7L * BLOCK < data.offset() + data.length()),
                "the lost block 7 is sent again before the bookmark taken again: " + received.subList(receivedBefore,
                        bookmark));
    }

    @Test
    void anAgentRestartedBeforeItsBlocksWereDurableStillSendsThemAgain() throws Exception {
        replicateUntilDurableInAzure(0, 1, 2, 3, 4, 5, 6, 7);
        writeBlocks(2, 40);
        awaitEveryAckAndReplica();
        engine.close();
        engine = null;

        server.forgetReceived(DISK);
        server.loseJournal(DISK);
        start(FAST);

        awaitReplicaEqualsDisk();
        assertEquals(2L * BLOCK, server.dataBytesReceived(DISK), "only the two blocks not durable in Azure");
    }

    @Test
    void whatIsDurableInAzureIsNotSentAgainWhenTheJournalIsLost() throws Exception {
        replicateUntilDurableInAzure(0, 1, 2, 3);
        server.forgetReceived(DISK);

        server.loseJournal(DISK);
        FakeProcessServer.await("the agent reconnects", CONVERGE, () -> server.hellos().size() >= 2);
        writeBlocks(9);

        awaitReplicaEqualsDisk();
        assertEquals(List.of(9L * BLOCK), server.received(DISK).stream().filter(DataRecord.class::isInstance)
                .map(record -> ((DataRecord) record).offset()).distinct().toList(), "only the block written since");
    }

    /** Replicates these blocks and makes everything durable in "Azure": the agent keeps nothing more. */
    private void replicateUntilDurableInAzure(int... blocks) throws Exception {
        writeBlocks(blocks);
        start(FAST);
        awaitEveryAckAndReplica();
        server.makeDurableInAzure(DISK);
        FakeProcessServer.await("the agent lets go of what is durable", CONVERGE,
                () -> engine.reports().get(0).notDurableBytes() == 0);
    }

    private void awaitEveryAckAndReplica() throws Exception {
        awaitReplicaEqualsDisk();
        FakeProcessServer.await("the agent holds every acknowledgement", CONVERGE,
                () -> engine.reports().get(0).pendingBytes() == 0);
    }

    @Test
    void afterARestartSendsOnlyTheBlocksThatChangedMeanwhile() throws Exception {
        writeBlocks(0, 1, 2, 3, 20, 21);
        start(FAST);
        awaitReplicaEqualsDisk();
        // the server holding the blocks is not enough: their ACKs must have reached the agent too
        FakeProcessServer.await("the agent holds every acknowledgement", CONVERGE,
                () -> engine.reports().get(0).pendingBytes() == 0);
        engine.close();

        writeBlocks(2, 33, 60);
        server.forgetReceived(DISK);
        start(FAST);

        awaitReplicaEqualsDisk();
        assertEquals(3L * BLOCK, server.dataBytesReceived(DISK));
    }

    @Test
    void afterAKillSendsAgainABlockThatWasInFlightEvenIfItChangedBack() throws Exception {
        writeBlocks(4);
        byte[] acknowledged = read(4L * BLOCK, BLOCK);
        start(FAST);
        awaitReplicaEqualsDisk();
        server.holdAcks(true);
        writeBlocks(4);
        FakeProcessServer.await("the change arrives", CONVERGE, () -> server.dataBytesReceived(DISK) >= 2L * BLOCK);

        // kill -9 now: the state directory as it is, then the process is gone.
        Path killed = copy(state, directory.resolve("killed-state"));
        engine.close();
        engine = null;
        server.holdAcks(false);
        write(4L * BLOCK, acknowledged);
        server.forgetReceived(DISK);
        state = killed;
        start(FAST);

        awaitReplicaEqualsDisk();
        assertEquals((long) BLOCK, server.dataBytesReceived(DISK));
    }

    @Test
    void numbersAfterTheServersDurableSequenceWhenItIsHigher() throws Exception {
        server.setDurable(DISK, 100);
        writeBlocks(1);

        start(FAST);

        awaitReplicaEqualsDisk();
        assertEquals(101, server.received(DISK).get(0).sequence());
        assertConsecutive(server.journal(DISK));
    }

    @Test
    void aBookmarkQueuedForAServerThatTurnsOutNewerThanTheAgentIsNotReportedDurable() throws Exception {
        writeBlocks(1);
        start(FAST);
        awaitEveryAckAndReplica();

        server.busy(true);
        server.dropConnections();
        BookmarkRequest request = engine.bookmarks().post("bm-older", Consistency.CRASH_CONSISTENT,
                Set.of(DiskId.of(DISK)), false);
        Sequence queued = request.awaitAppended(CONVERGE).get(DiskId.of(DISK));
        server.setDurable(DISK, 100); // e.g. the agent's state restored from a backup
        server.busy(false);

        assertThrows(BookmarkVoidedException.class, () -> engine.awaitAcknowledged(DiskId.of(DISK), queued, CONVERGE));
        awaitReplicaEqualsDisk();
        assertTrue(server.received(DISK).stream().noneMatch(record -> record instanceof BookmarkRecord bookmark
                && bookmark.bookmarkId().equals("bm-older")));
    }

    @Test
    void stopsScanningWhenTheWindowIsFullAndDropsNothing() throws Exception {
        writeBlocks(0, 2, 4, 6, 8, 10, 12, 14, 16, 18);
        server.holdAcks(true);
        ReplicationSettings smallWindow = new ReplicationSettings(FAST.passPause(), 4L * BLOCK,
                FAST.checkpointInterval(), FAST.firstBackoff(), FAST.maxBackoff(), FAST.connectTimeout(),
                FAST.idleHeartbeat(), FAST.silenceLimit(), FAST.diskRetry());

        start(smallWindow);
        FakeProcessServer.await("the window fills", CONVERGE, () -> server.dataBytesReceived(DISK) >= 4L * BLOCK);
        Thread.sleep(300);

        assertEquals(4L * BLOCK, server.dataBytesReceived(DISK));
        assertEquals(4L * BLOCK, engine.reports().get(0).pendingBytes());
        server.holdAcks(false);
        awaitReplicaEqualsDisk();
    }

    @Test
    void putsOneBookmarkIntoEveryDisksStreamAfterAFullPass() throws Exception {
        Path second = directory.resolve("second.img");
        Files.copy(image, second);
        server.addDisk("disk-2", SIZE);
        writeBlocks(3);
        start(FAST, disk(DISK, image), disk("disk-2", second));
        awaitReplicaEqualsDisk();

        BookmarkRequest request = engine.bookmarks().post("bm-1", Consistency.CRASH_CONSISTENT,
                Set.of(DiskId.of(DISK), DiskId.of("disk-2")), false);
        Map<DiskId, Sequence> sequences = request.awaitAppended(CONVERGE);

        for (Map.Entry<DiskId, Sequence> disk : sequences.entrySet()) {
            assertTrue(engine.awaitAcknowledged(disk.getKey(), disk.getValue(), CONVERGE));
            ChangeRecord record = server.journal(disk.getKey().value()).stream()
                    .filter(candidate -> candidate.sequence() == disk.getValue().value()).findFirst().orElseThrow();
            assertEquals("bm-1", ((BookmarkRecord) record).bookmarkId());
        }
    }

    @Test
    void aGroupBookmarkIsTakenWhileTheWritesAreHeldAndCarriesTheRoundsTag() throws Exception {
        writeBlocks(2);
        start(FAST);
        awaitReplicaEqualsDisk();
        Path frozen = directory.resolve("frozen");
        java.util.concurrent.atomic.AtomicBoolean heldAtGo = new java.util.concurrent.atomic.AtomicBoolean();

        GroupRoundOutcome outcome = groupBookmarks(frozen).takeForGroup("grp-1", Consistency.APP_CONSISTENT,
                Duration.ofSeconds(10), left -> {
                    heldAtGo.set(Files.exists(frozen));
                    return java.util.Optional.empty();
                });

        assertTrue(outcome.succeeded(), outcome.toString());
        assertTrue(heldAtGo.get(), "the writes were held when the barrier said go");
        assertFalse(Files.exists(frozen), "and released after the bookmark");
        assertEquals(Consistency.APP_CONSISTENT, outcome.consistency());
        assertTrue(outcome.heldMillis() > 0, outcome.toString());
        assertTrue(server.journal(DISK).stream().anyMatch(r -> r instanceof BookmarkRecord b
                && b.bookmarkId().equals("grp-1")));
    }

    @Test
    void aGroupMemberNeverHoldsItsWritesPastTheRoundsDeadline() throws Exception {
        start(FAST);
        awaitReplicaEqualsDisk();
        Path frozen = directory.resolve("frozen");
        long start = System.nanoTime();

        // a server that never says go within the hold
        GroupRoundOutcome outcome = groupBookmarks(frozen).takeForGroup("grp-2", Consistency.CRASH_CONSISTENT,
                Duration.ofSeconds(2), left -> {
                    Thread.sleep(left.toMillis());
                    return java.util.Optional.of("not every member was ready");
                });

        long elapsedMillis = (System.nanoTime() - start) / 1_000_000;
        assertFalse(outcome.succeeded());
        assertEquals("not every member was ready", outcome.reason());
        assertFalse(Files.exists(frozen), "released");
        assertTrue(elapsedMillis < 3000, "held " + elapsedMillis + " ms for a 2 s deadline");
        assertTrue(server.journal(DISK).stream().noneMatch(r -> r instanceof BookmarkRecord b
                && b.bookmarkId().equals("grp-2")), "no bookmark of an aborted round");
    }

    @Test
    void aPassThatEndsAfterTheHoldExpiredDoesNotCarryTheBookmark() {
        BookmarkRequest request = new BookmarkBoard().post("grp-3", Consistency.CRASH_CONSISTENT,
                Set.of(DiskId.of(DISK)), true);
        long before = System.nanoTime();
        assertTrue(request.acceptsPassEndedAt(before));
        request.expire();
        assertTrue(request.acceptsPassEndedAt(before), "a pass that ended while the writes were held");
        assertFalse(request.acceptsPassEndedAt(System.nanoTime()), "a pass that ended after they were released");
    }

    private BookmarkService groupBookmarks(Path frozen) {
        return new BookmarkService(engine, event -> { }, FreezeHooks.of(
                new HookCommand("pre-freeze", "touch " + frozen, Duration.ofSeconds(5)),
                new HookCommand("post-thaw", "rm -f " + frozen, Duration.ofSeconds(5))));
    }

    private void start(ReplicationSettings settings) {
        start(settings, disk(DISK, image));
    }

    private void start(ReplicationSettings settings, DiskConfiguration... disks) {
        AgentIdentity identity = new AgentIdentity("agent-1", new Credential("secret"), URI.create("https://localhost:1/api"),
                server.address(), "test-machine");
        engine = new ReplicationEngine(StateDirectory.at(state), identity, ServerTrust.pinned(certificateOf()), settings);
        engine.replicate(List.of(disks), server.address());
    }

    private java.security.cert.X509Certificate certificateOf() {
        try {
            return certificate.certificate();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static DiskConfiguration disk(String diskId, Path path) {
        return new DiskConfiguration(DiskId.of(diskId), path, SIZE, true);
    }

    private void awaitReplicaEqualsDisk() throws Exception {
        FakeProcessServer.await("the replica equals the disk", CONVERGE,
                () -> server.imageSha256(DISK).equals(FakeProcessServer.sha256(readAll())));
    }

    private static List<Long> dataSequences(List<ChangeRecord> records) {
        return records.stream().filter(DataRecord.class::isInstance).map(ChangeRecord::sequence).toList();
    }

    private static void assertConsecutive(List<ChangeRecord> journal) {
        for (int i = 1; i < journal.size(); i++) {
            assertEquals(journal.get(i - 1).sequence() + 1, journal.get(i).sequence(), "sequence after " + journal.get(i - 1));
        }
    }

    private void writeBlocks(int... blocks) throws IOException {
        for (int block : blocks) {
            write((long) block * BLOCK, randomBytes(BLOCK));
        }
    }

    private byte[] randomBytes(int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }

    private void write(long offset, byte[] data) throws IOException {
        try (FileChannel channel = FileChannel.open(image, StandardOpenOption.WRITE)) {
            channel.write(ByteBuffer.wrap(data), offset);
        }
    }

    private byte[] read(long offset, int length) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(length);
        try (FileChannel channel = FileChannel.open(image, StandardOpenOption.READ)) {
            channel.read(buffer, offset);
        }
        return buffer.array();
    }

    private byte[] readAll() {
        try {
            return Files.readAllBytes(image);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Path copy(Path source, Path target) throws IOException {
        try (Stream<Path> paths = Files.walk(source)) {
            for (Path path : paths.toList()) {
                Path destination = target.resolve(source.relativize(path).toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(destination);
                } else if (Files.exists(path)) {
                    Files.copy(path, destination, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        return target;
    }
}
