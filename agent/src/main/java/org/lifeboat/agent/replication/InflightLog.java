package org.lifeboat.agent.replication;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

import org.lifeboat.files.SecureFiles;

/**
 * The write-ahead intent of one disk's stream ({@code inflight.log}): every record's sequence and
 * the blocks it touches, made durable before the record is sent. After a crash it tells the
 * agent which sequences it may have used and which blocks the server may hold newer than the
 * acknowledged map says; those blocks are sent again, whatever they hold now. Without it, a
 * block sent but not yet acknowledged, then changed back before a crash, would never be sent
 * again and the replica would keep the intermediate content.
 * <p>
 * Entries stay until the server says their records are durable in Azure (DURABLE), not only in its
 * journal (ACK): if the journal is lost first, they name the blocks to send again. Their number is
 * bounded ({@value #MAX_ENTRIES}): beyond it, neighbours are merged into one entry with the later
 * sequence and the blocks of both (and those between), which may resend more, never less.
 * <p>
 * Entries are 20 bytes: sequence u64, first block u32, block count u32, CRC32C u32. A torn last
 * entry is ignored: its record was never sent.
 */
final class InflightLog implements Closeable {

    /** One record's intent. */
    record Entry(Sequence sequence, int firstBlock, int blockCount) {
    }

    private static final int ENTRY_BYTES = 20;
    /** Entries kept at most after a trim: 1.25 MiB of file, a few MiB of heap per disk. */
    static final int MAX_ENTRIES = 65_536;

    private final Path file;
    private final List<Entry> entries;
    private FileChannel channel;
    private long forcedThrough;
    private long writtenThrough;

    private InflightLog(Path file, List<Entry> entries) {
        this.file = file;
        this.entries = entries;
    }

    static InflightLog open(Path file) throws IOException {
        List<Entry> entries = new ArrayList<>();
        if (Files.exists(file)) {
            ByteBuffer buffer = ByteBuffer.wrap(Files.readAllBytes(file));
            while (buffer.remaining() >= ENTRY_BYTES) {
                int start = buffer.position();
                long sequence = buffer.getLong();
                int firstBlock = buffer.getInt();
                int blockCount = buffer.getInt();
                CRC32C crc = new CRC32C();
                crc.update(buffer.array(), start, ENTRY_BYTES - Integer.BYTES);
                if ((int) crc.getValue() != buffer.getInt() || sequence < 1) {
                    break;
                }
                entries.add(new Entry(Sequence.of(sequence), firstBlock, blockCount));
            }
        }
        InflightLog log = new InflightLog(file, entries);
        log.rewrite();
        return log;
    }

    /** The entries found when the log was opened and written since. */
    synchronized List<Entry> entries() {
        return List.copyOf(entries);
    }

    /** Records an intent; durable only after {@link #forceThrough}. */
    synchronized void append(Sequence sequence, int firstBlock, int blockCount) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(ENTRY_BYTES);
        buffer.putLong(sequence.value()).putInt(firstBlock).putInt(blockCount);
        CRC32C crc = new CRC32C();
        crc.update(buffer.array(), 0, ENTRY_BYTES - Integer.BYTES);
        buffer.putInt((int) crc.getValue()).flip();
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
        entries.add(new Entry(sequence, firstBlock, blockCount));
        writtenThrough = Math.max(writtenThrough, sequence.value());
    }

    /**
     * Makes every intent up to {@code sequence} durable. Called just before a record is sent, so
     * one sync covers all records queued meanwhile.
     */
    synchronized void forceThrough(Sequence sequence) throws IOException {
        if (sequence.value() > forcedThrough) {
            channel.force(false);
            forcedThrough = writtenThrough;
        }
    }

    /** Drops the entries a persisted checkpoint has made redundant: those up to {@code durable} in Azure. */
    synchronized void retainAfter(Sequence durable) throws IOException {
        entries.removeIf(entry -> !entry.sequence().isAfter(durable));
        while (entries.size() > MAX_ENTRIES) {
            mergeNeighbours();
        }
        rewrite();
    }

    /** Halves the entries: each pair becomes one covering both, with the later sequence. */
    private void mergeNeighbours() {
        List<Entry> merged = new ArrayList<>(entries.size() / 2 + 1);
        for (int i = 0; i < entries.size(); i += 2) {
            Entry a = entries.get(i);
            if (i + 1 == entries.size()) {
                merged.add(a);
                break;
            }
            Entry b = entries.get(i + 1);
            long first = Math.min(a.firstBlock(), b.firstBlock());
            long end = Math.max((long) a.firstBlock() + a.blockCount(), (long) b.firstBlock() + b.blockCount());
            merged.add(new Entry(Sequence.max(a.sequence(), b.sequence()), (int) first, (int) (end - first)));
        }
        entries.clear();
        entries.addAll(merged);
    }

    @Override
    public synchronized void close() throws IOException {
        channel.close();
    }

    /** Replaces the file atomically with the entries held in memory; a torn tail is cut off on the way. */
    private void rewrite() throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(entries.size() * ENTRY_BYTES);
        for (Entry entry : entries) {
            int start = buffer.position();
            buffer.putLong(entry.sequence().value()).putInt(entry.firstBlock()).putInt(entry.blockCount());
            CRC32C crc = new CRC32C();
            crc.update(buffer.array(), start, ENTRY_BYTES - Integer.BYTES);
            buffer.putInt((int) crc.getValue());
        }
        buffer.flip();
        if (channel != null) {
            channel.close();
        }
        SecureFiles.writeAtomically(file, buffer);
        channel = openForAppend(file);
        forcedThrough = writtenThrough;
    }

    private static FileChannel openForAppend(Path file) throws IOException {
        return FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
    }
}
