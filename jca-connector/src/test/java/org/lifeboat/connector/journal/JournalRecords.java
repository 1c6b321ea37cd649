package org.lifeboat.connector.journal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import org.lifeboat.protocol.ChangeRecord;
import org.lifeboat.protocol.DataRecord;
import org.lifeboat.protocol.FrameWriter;

/** Records of one disk as the journal tests append them: 4 KiB blocks, framed as a session journals them. */
final class JournalRecords {

    static final String DISK = "0b5e6c2a-1111-4222-8333-944445555666";

    private JournalRecords() {
    }

    /** A 4 KiB block at {@code sequence * 4096} whose first byte is the sequence. */
    static DataRecord data(long sequence) {
        byte[] block = new byte[4096];
        block[0] = (byte) sequence;
        return new DataRecord(DISK, sequence, 1000 + sequence, sequence * 4096, block);
    }

    static void append(DiskJournal disk, ChangeRecord... records) throws IOException {
        for (ChangeRecord record : records) {
            disk.append(record, ByteBuffer.wrap(frameBytes(record)), disk.generation());
        }
    }

    /** The disk's journal with the records appended and made durable. */
    static DiskJournal synced(CacheJournal journal, ChangeRecord... records) throws IOException {
        DiskJournal disk = journal.disk(DISK);
        append(disk, records);
        disk.sync(disk.generation());
        return disk;
    }

    static byte[] frameBytes(ChangeRecord record) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            new FrameWriter(out).write(record.toFrame());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
