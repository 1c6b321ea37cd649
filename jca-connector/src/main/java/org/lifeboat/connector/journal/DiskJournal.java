package org.lifeboat.connector.journal;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.lifeboat.protocol.BookmarkRecord;
import org.lifeboat.protocol.ChangeRecord;
import org.lifeboat.protocol.Frame;
import org.lifeboat.protocol.FrameReader;
import org.lifeboat.protocol.MalformedFrameException;

/**
 * One disk's part of the cache journal: an open segment file that records are appended to, made
 * durable by {@link #sync()} (fsync) before they are acknowledged, and sealed into {@code sealed/} by
 * size or age. {@code sealed-through} remembers the last sequence ever sealed, so that after the
 * upload worker deletes a segment the journal still knows what it holds durably: a sequence is never
 * accepted twice with different contents.
 */
public final class DiskJournal {

    static final String DISK_ID = "[A-Za-z0-9][A-Za-z0-9-]{0,63}";
    private static final String OPEN_PREFIX = "open-";
    private static final String SEALED_THROUGH = "sealed-through";
    private static final Logger LOG = Logger.getLogger(DiskJournal.class.getName());

    private final String diskId;
    private final Path dir;
    private final Path sealedDir;
    private FileChannel open;
    private Path openFile;
    private long openFirst;
    private Instant openedAt;
    private long sealedThrough;
    /** The open segment holds a bookmark: sealed at the next look, not when it is old enough. */
    private boolean bookmarkOpen;
    private long lastAppended;
    private long durable;
    private long bytesSinceSync;

    private DiskJournal(String diskId, Path dir, Path sealedDir) {
        this.diskId = diskId;
        this.dir = dir;
        this.sealedDir = sealedDir;
    }

    /** Opens a disk's journal, keeping every whole record of an open segment and cutting off a torn tail. */
    static DiskJournal recover(String diskId, Path dir, Path sealedDir) throws IOException {
        if (!diskId.matches(DISK_ID)) {
            throw new IllegalArgumentException("invalid disk id '" + diskId + "'");
        }
        Files.createDirectories(dir);
        DiskJournal journal = new DiskJournal(diskId, dir, sealedDir);
        Path marker = dir.resolve(SEALED_THROUGH);
        journal.sealedThrough = Files.exists(marker)
                ? Long.parseLong(Files.readString(marker, StandardCharsets.US_ASCII).strip()) : 0;
        journal.lastAppended = journal.sealedThrough;
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> openFiles = files.filter(f -> f.getFileName().toString().startsWith(OPEN_PREFIX)).sorted().toList();
            for (Path file : openFiles) {
                journal.reopen(file);
            }
        }
        journal.durable = journal.lastAppended;
        return journal;
    }

    private void reopen(Path file) throws IOException {
        long good = 0;
        long last = lastAppended;
        long first = 0;
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
        open = FileChannel.open(file, StandardOpenOption.WRITE);
        open.truncate(good);
        open.position(good);
        open.force(true);
        openFile = file;
        openFirst = first;
        openedAt = Instant.now();
        lastAppended = last;
    }

    public String diskId() {
        return diskId;
    }

    /** The highest sequence fsynced (and so acknowledgeable) for this disk. */
    public synchronized long durableSequence() {
        return durable;
    }

    public synchronized long lastAppended() {
        return lastAppended;
    }

    /** Appends a record's frame; it is durable only after the next {@link #sync()}. */
    public synchronized void append(ChangeRecord record, ByteBuffer frame) throws IOException {
        if (record.sequence() <= lastAppended) {
            throw new IllegalStateException("sequence " + record.sequence() + " is not after " + lastAppended);
        }
        if (open == null) {
            openFirst = record.sequence();
            openFile = dir.resolve(String.format("%s%020d.seg", OPEN_PREFIX, openFirst));
            open = FileChannel.open(openFile, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            openedAt = Instant.now();
        }
        while (frame.hasRemaining()) {
            bytesSinceSync += open.write(frame);
        }
        lastAppended = record.sequence();
        bookmarkOpen |= record instanceof BookmarkRecord;
    }

    /** Makes everything appended durable (one fsync for the whole batch) and returns the durable sequence. */
    public synchronized long sync() throws IOException {
        if (open != null && durable < lastAppended) {
            open.force(false);
        }
        durable = lastAppended;
        bytesSinceSync = 0;
        return durable;
    }

    /**
     * Seals the open segment when it is big or old enough, or holds a bookmark (someone waits for that
     * recovery point); returns whether it did.
     */
    synchronized boolean sealIfDue(long maxBytes, Duration maxAge) throws IOException {
        if (open == null || durable < lastAppended) {
            return false;
        }
        boolean due = bookmarkOpen || open.size() >= maxBytes
                || Duration.between(openedAt, Instant.now()).compareTo(maxAge) >= 0;
        if (!due) {
            return false;
        }
        open.force(true);
        open.close();
        open = null;
        bookmarkOpen = false;
        // remember the sequence before the file leaves this folder: a crash in between keeps the open file
        writeSealedThrough(lastAppended);
        Files.createDirectories(sealedDir);
        Path target = sealedDir.resolve(SealedSegment.fileName(diskId, openFirst, lastAppended));
        Files.move(openFile, target, StandardCopyOption.ATOMIC_MOVE);
        forceDirectory(sealedDir);
        forceDirectory(dir);
        openFile = null;
        return true;
    }

    private void writeSealedThrough(long sequence) throws IOException {
        Path temp = dir.resolve(SEALED_THROUGH + ".tmp");
        try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            channel.write(ByteBuffer.wrap(Long.toString(sequence).getBytes(StandardCharsets.US_ASCII)));
            channel.force(true);
        }
        Files.move(temp, dir.resolve(SEALED_THROUGH), StandardCopyOption.ATOMIC_MOVE,
                StandardCopyOption.REPLACE_EXISTING);
        sealedThrough = sequence;
    }

    synchronized void close() throws IOException {
        if (open != null) {
            open.force(true);
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
