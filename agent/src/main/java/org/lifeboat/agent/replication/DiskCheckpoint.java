package org.lifeboat.agent.replication;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32C;

import org.lifeboat.files.SecureFiles;
import org.lifeboat.agent.tracking.BlockHashes;
import org.lifeboat.agent.tracking.BlockLayout;

/**
 * The persisted state of one disk's stream ({@code acknowledged.map}): the hash of every block as
 * the server has acknowledged it, the highest acknowledged, durable-in-Azure and assigned sequences,
 * and whether the initial replication finished. Big-endian: magic "LBAM", version, disk size, block
 * size, acknowledged, last assigned, initial-complete flag, block count, the hashes, durable in Azure
 * (version 2), CRC32C of all before. A version 1 file, written before the agent heard of DURABLE,
 * trimmed its intents at the ACK: it reads as durable through its acknowledged sequence.
 */
record DiskCheckpoint(BlockLayout layout, long[] hashes, Sequence acknowledged, Sequence lastAssigned,
                      boolean initialComplete, Sequence durable) {

    private static final int MAGIC = 0x4C42414D;
    private static final int VERSION = 2;
    private static final int HEADER_BYTES = 4 + 4 + 8 + 4 + 8 + 8 + 1 + 4;

    void write(Path file) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(HEADER_BYTES + hashes.length * Long.BYTES + Long.BYTES + Integer.BYTES);
        buffer.putInt(MAGIC).putInt(VERSION).putLong(layout.diskSizeBytes()).putInt(layout.blockSize())
                .putLong(acknowledged.value()).putLong(lastAssigned.value()).put((byte) (initialComplete ? 1 : 0))
                .putInt(hashes.length);
        buffer.asLongBuffer().put(hashes);
        buffer.position(buffer.position() + hashes.length * Long.BYTES);
        buffer.putLong(durable.value());
        CRC32C crc = new CRC32C();
        crc.update(buffer.array(), 0, buffer.position());
        buffer.putInt((int) crc.getValue());
        buffer.flip();
        SecureFiles.writeAtomically(file, buffer);
    }

    /**
     * @throws IOException with the reason when the file is not a valid checkpoint
     */
    static DiskCheckpoint read(Path file) throws IOException {
        ByteBuffer buffer = ByteBuffer.wrap(Files.readAllBytes(file));
        if (buffer.remaining() < HEADER_BYTES + Integer.BYTES) {
            throw new IOException(file + " is truncated");
        }
        CRC32C crc = new CRC32C();
        crc.update(buffer.array(), 0, buffer.limit() - Integer.BYTES);
        if ((int) crc.getValue() != buffer.getInt(buffer.limit() - Integer.BYTES)) {
            throw new IOException(file + " fails its CRC32C check");
        }
        int version = buffer.getInt() == MAGIC ? buffer.getInt() : -1;
        if (version != 1 && version != VERSION) {
            throw new IOException(file + " is not a version 1 or " + VERSION + " acknowledged map");
        }
        BlockLayout layout = new BlockLayout(buffer.getLong(), buffer.getInt());
        Sequence acknowledged = Sequence.of(buffer.getLong());
        Sequence lastAssigned = Sequence.of(buffer.getLong());
        boolean initialComplete = buffer.get() == 1;
        int count = buffer.getInt();
        int trailer = (version == 1 ? 0 : Long.BYTES) + Integer.BYTES;
        if (count != layout.blockCount() || buffer.remaining() != (long) count * Long.BYTES + trailer) {
            throw new IOException(file + " holds " + count + " hashes for a layout of " + layout.blockCount() + " blocks");
        }
        long[] hashes = new long[count];
        buffer.asLongBuffer().get(hashes);
        buffer.position(buffer.position() + count * Long.BYTES);
        Sequence durable = version == 1 ? acknowledged : Sequence.of(buffer.getLong());
        return new DiskCheckpoint(layout, hashes, acknowledged, lastAssigned, initialComplete, durable);
    }

    /** Bytes of the blocks whose hash this checkpoint does not know. */
    long unknownBytes() {
        return BlockHashes.unknownBytes(layout, hashes);
    }
}
