package org.lifeboat.connector.journal;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.lifeboat.protocol.BookmarkRecord;
import org.lifeboat.protocol.ChangeRecord;
import org.lifeboat.protocol.Frame;
import org.lifeboat.protocol.FrameReader;
import org.lifeboat.protocol.MalformedFrameException;

/**
 * One disk's part of the cache journal: an open segment file that records are appended to, made
 * durable by {@link #sync(long)} (fsync) before they are acknowledged, and sealed into {@code sealed/}
 * by size or age. {@code sealed-through} remembers the last sequence ever sealed, so that after the
 * upload worker deletes a segment the journal still knows what it holds durably: a sequence is never
 * accepted twice with different contents.
 *
 * <p>An I/O error on append, fsync or seal takes the journal out of service ({@link State#FAILED}):
 * what was not fsynced is given up (the agents still hold it, unacknowledged), and before the next
 * record the journal recovers from its files: the failed segment cut back to its last fsynced byte
 * and every open segment sealed in order, into a new file. The failed file is never fsynced again
 * for the data it lost: on Linux a second fsync may report success after the kernel dropped the
 * pages the first one could not write. Each failure starts a new {@link #generation()}; a session
 * that resumed in an older one may no longer append or acknowledge, because records it sent before
 * the failure are gone and a later ACK would cover them.
 */
public final class DiskJournal {

    static final String DISK_ID = "[A-Za-z0-9][A-Za-z0-9-]{0,63}";
    private static final String OPEN_PREFIX = "open-";
    private static final Pattern OPEN_NAME = Pattern.compile("open-(\\d{20})(?:_after_(\\d{20}))?\\.seg");
    private static final String SEALED_THROUGH = "sealed-through";
    private static final Logger LOG = Logger.getLogger(DiskJournal.class.getName());

    /** Whether the journal takes records. */
    public enum State { SERVING, FAILED }

    /** Opens segment files; tests hand in channels that fail. */
    @FunctionalInterface
    interface Channels {
        FileChannel open(Path file, OpenOption... options) throws IOException;
    }

    private final String diskId;
    private final Path dir;
    private final Path sealedDir;
    private final Channels channels;
    private State state = State.SERVING;
    private long generation;
    private FileChannel open;
    private Path openFile;
    private long openFirst;
    /** The last sequence sealed before the open segment: the link the segment will carry. */
    private long openPrevious;
    private long openBytes;
    private long openDurableBytes;
    private Instant openedAt;
    private long sealedThrough;
    /** The open segment holds a bookmark: sealed at the next look, not when it is old enough. */
    private boolean bookmarkOpen;
    private long lastAppended;
    private long durable;
    /** The segment whose write or fsync failed and how much of it was fsynced: cut back at recovery. */
    private Path failedFile;
    private long failedDurableBytes;

    private DiskJournal(String diskId, Path dir, Path sealedDir, Channels channels) {
        this.diskId = diskId;
        this.dir = dir;
        this.sealedDir = sealedDir;
        this.channels = channels;
    }

    static DiskJournal recover(String diskId, Path dir, Path sealedDir) throws IOException {
        return recover(diskId, dir, sealedDir, FileChannel::open);
    }

    /**
     * Opens a disk's journal from its files: every open segment, oldest first, keeps its whole records
     * (a torn tail is cut off) and is sealed, so that none is stranded; the next record starts a new one.
     */
    static DiskJournal recover(String diskId, Path dir, Path sealedDir, Channels channels) throws IOException {
        if (!diskId.matches(DISK_ID)) {
            throw new IllegalArgumentException("invalid disk id '" + diskId + "'");
        }
        Files.createDirectories(dir);
        DiskJournal journal = new DiskJournal(diskId, dir, sealedDir, channels);
        Path marker = dir.resolve(SEALED_THROUGH);
        journal.sealedThrough = Files.exists(marker)
                ? Long.parseLong(Files.readString(marker, StandardCharsets.US_ASCII).strip()) : 0;
        journal.lastAppended = journal.sealedThrough;
        journal.sealOpenFiles();
        journal.durable = journal.lastAppended;
        return journal;
    }

    private void sealOpenFiles() throws IOException {
        List<Path> openFiles;
        try (Stream<Path> files = Files.list(dir)) {
            openFiles = files.filter(f -> f.getFileName().toString().startsWith(OPEN_PREFIX)).sorted().toList();
        }
        for (Path file : openFiles) {
            sealWholeRecords(file);
        }
    }

    /** Cuts an open segment back to its last whole record and seals it (or deletes it if it holds none). */
    private void sealWholeRecords(Path file) throws IOException {
        Matcher name = OPEN_NAME.matcher(file.getFileName().toString());
        if (!name.matches()) {
            throw new IOException("unexpected file " + file + " in the journal of disk " + diskId);
        }
        long previous = name.group(2) == null ? SealedSegment.UNKNOWN : Long.parseLong(name.group(2));
        long good = 0;
        long first = 0;
        long last = 0;
        try (InputStream in = Files.newInputStream(file)) {
            CountingInputStream counting = new CountingInputStream(new BufferedInputStream(in));
            FrameReader reader = new FrameReader(counting);
            try {
                for (Optional<Frame> frame = reader.read(); frame.isPresent(); frame = reader.read()) {
                    ChangeRecord record = ChangeRecord.from(frame.get());
                    first = first == 0 ? record.sequence() : first;
                    last = record.sequence();
                    good = counting.count();
                }
            } catch (MalformedFrameException | EOFException e) {
                LOG.warning(() -> "Journal " + file + ": cutting a torn record after byte " + counting.count()
                        + " (" + e.getMessage() + ")");
            }
        }
        if (good == 0) {
            Files.delete(file);
            return;
        }
        try (FileChannel channel = channels.open(file, StandardOpenOption.WRITE)) {
            channel.truncate(good);
            channel.force(true);
        }
        seal(file, first, last, previous);
        lastAppended = Math.max(lastAppended, last);
    }

    public String diskId() {
        return diskId;
    }

    public synchronized State state() {
        return state;
    }

    /** How many times this journal failed: a session appends and acknowledges in the generation it resumed in. */
    public synchronized long generation() {
        return generation;
    }

    /** The highest sequence fsynced (and so acknowledgeable) for this disk; a failure never raises it. */
    public synchronized long durableSequence() {
        return durable;
    }

    public synchronized long lastAppended() {
        return lastAppended;
    }

    /** Whether a batch is in flight: records appended and not yet fsynced. */
    synchronized boolean appending() {
        return durable < lastAppended;
    }

    /**
     * Appends a record's frame; it is durable only after the next {@link #sync(long)}. A failed journal
     * first recovers from its files.
     *
     * @param resumedIn the {@link #generation()} the appending session resumed in
     * @throws JournalFailedException if the journal failed since, or fails now, or cannot recover yet
     */
    public synchronized void append(ChangeRecord record, ByteBuffer frame, long resumedIn) throws IOException {
        checkGeneration(resumedIn);
        if (state == State.FAILED) {
            recoverFromFailure();
        }
        if (record.sequence() <= lastAppended) {
            throw new IllegalStateException("sequence " + record.sequence() + " is not after " + lastAppended);
        }
        try {
            if (open == null) {
                openFirst = record.sequence();
                openPrevious = sealedThrough;
                openFile = dir.resolve(String.format("%s%020d_after_%020d.seg", OPEN_PREFIX, openFirst, openPrevious));
                openBytes = 0;
                openDurableBytes = 0;
                open = channels.open(openFile, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                openedAt = Instant.now();
            }
            while (frame.hasRemaining()) {
                openBytes += open.write(frame);
            }
        } catch (IOException e) {
            throw failed("could not append record " + record.sequence(), e);
        }
        lastAppended = record.sequence();
        bookmarkOpen |= record instanceof BookmarkRecord;
    }

    /**
     * Makes everything appended durable (one fsync for the whole batch) and returns the durable
     * sequence, the one to acknowledge.
     *
     * @param resumedIn the {@link #generation()} the session resumed in
     * @throws JournalFailedException if the fsync fails or the journal failed since the session resumed:
     *         the durable sequence does not move
     */
    public synchronized long sync(long resumedIn) throws IOException {
        checkGeneration(resumedIn);
        if (open != null && durable < lastAppended) {
            try {
                open.force(false);
            } catch (IOException e) {
                throw failed("could not fsync records " + (durable + 1) + ".." + lastAppended, e);
            }
            openDurableBytes = openBytes;
        }
        durable = lastAppended;
        return durable;
    }

    /**
     * Seals the open segment when it is big or old enough, or holds a bookmark (someone waits for that
     * recovery point); returns whether it did. A failed journal tries to recover here too, so that its
     * acknowledged records do not wait for the agent's next one.
     */
    synchronized boolean sealIfDue(long maxBytes, Duration maxAge) throws IOException {
        if (state == State.FAILED) {
            try {
                recoverFromFailure();
            } catch (JournalFailedException e) {
                LOG.log(Level.FINE, "Journal of disk {0} cannot recover yet: {1}", new Object[]{diskId, e});
                return false;
            }
        }
        if (open == null || durable < lastAppended) {
            return false;
        }
        boolean due = bookmarkOpen || openBytes >= maxBytes
                || Duration.between(openedAt, Instant.now()).compareTo(maxAge) >= 0;
        if (!due) {
            return false;
        }
        try {
            open.close(); // every byte of it was fsynced by sync()
            open = null;
            seal(openFile, openFirst, lastAppended, openPrevious);
        } catch (IOException e) {
            throw failed("could not seal records " + openFirst + ".." + lastAppended, e);
        }
        bookmarkOpen = false;
        openFile = null;
        return true;
    }

    /** Moves a segment whose records are durable into {@code sealed/}, named with its link in the chain. */
    private void seal(Path file, long first, long last, long previous) throws IOException {
        // remember the sequence before the file leaves this folder: a crash in between keeps the open file
        writeSealedThrough(Math.max(sealedThrough, last));
        Files.createDirectories(sealedDir);
        Path target = sealedDir.resolve(SealedSegment.fileName(diskId, first, last, previous));
        Files.move(file, target, StandardCopyOption.ATOMIC_MOVE);
        forceDirectory(sealedDir);
        forceDirectory(dir);
    }

    private void checkGeneration(long resumedIn) throws JournalFailedException {
        if (resumedIn != generation) {
            throw new JournalFailedException(diskId, "failed after this session resumed; records after "
                    + durable + " were not kept and must be sent again", null);
        }
    }

    /**
     * Takes the journal out of service: the open segment is closed without another fsync, and what it
     * holds beyond its last fsync no longer counts.
     */
    private JournalFailedException failed(String what, IOException cause) {
        if (open != null) {
            try {
                open.close();
            } catch (IOException e) {
                cause.addSuppressed(e);
            }
            open = null;
        }
        if (openFile != null) {
            failedFile = openFile;
            failedDurableBytes = openDurableBytes;
            openFile = null;
        }
        state = State.FAILED;
        generation++;
        lastAppended = durable;
        bookmarkOpen = false;
        LOG.log(Level.WARNING, "The cache journal of disk {0} {1} ({2}): out of service until it recovers "
                + "from its files; durable through {3}, later records are refused and the agent sends them again",
                new Object[]{diskId, what, cause.toString(), durable});
        return new JournalFailedException(diskId, what + " (" + cause.getMessage() + ")", cause);
    }

    /** Cuts the failed segment back to what was fsynced, seals every open segment, and serves again. */
    private void recoverFromFailure() throws JournalFailedException {
        try {
            if (failedFile != null && Files.exists(failedFile)) {
                if (failedDurableBytes == 0) {
                    Files.deleteIfExists(failedFile);
                } else {
                    // this fsync makes the cut durable; the bytes it keeps were fsynced before the failure
                    try (FileChannel channel = channels.open(failedFile, StandardOpenOption.WRITE)) {
                        channel.truncate(failedDurableBytes);
                        channel.force(true);
                    }
                }
            }
            failedFile = null;
            sealOpenFiles();
        } catch (IOException e) {
            throw new JournalFailedException(diskId, "is out of service and cannot recover from its files yet", e);
        }
        durable = Math.max(durable, lastAppended);
        state = State.SERVING;
        LOG.info(() -> "The cache journal of disk " + diskId + " recovered from its files: durable through "
                + durable + ", taking records again");
    }

    private void writeSealedThrough(long sequence) throws IOException {
        Path temp = dir.resolve(SEALED_THROUGH + ".tmp");
        try (FileChannel channel = channels.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            channel.write(ByteBuffer.wrap(Long.toString(sequence).getBytes(StandardCharsets.US_ASCII)));
            channel.force(true);
        }
        Files.move(temp, dir.resolve(SEALED_THROUGH), StandardCopyOption.ATOMIC_MOVE,
                StandardCopyOption.REPLACE_EXISTING);
        sealedThrough = sequence;
    }

    /** Closes the open segment; what was appended but not synced was never acknowledged. */
    synchronized void close() throws IOException {
        if (open != null) {
            open.close();
            open = null;
        }
    }

    static void forceDirectory(Path directory) throws IOException {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }

    /** Counts the bytes a reader consumed, to find where the last whole frame ends. */
    private static final class CountingInputStream extends java.io.FilterInputStream {
        private long count;

        CountingInputStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0) {
                count += n;
            }
            return n;
        }

        long count() {
            return count;
        }
    }
}
