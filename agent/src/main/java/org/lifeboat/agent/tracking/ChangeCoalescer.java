package org.lifeboat.agent.tracking;

import java.io.IOException;
import java.util.Arrays;

import org.lifeboat.protocol.ProtocolLimits;

/**
 * Joins adjacent changed blocks into changes of at most {@link ProtocolLimits#MAX_DATA_BYTES},
 * and cuts a block larger than that into pieces of that size. Blocks and the limit are powers
 * of two, so every change starts and ends on a block or piece boundary, sector aligned.
 */
final class ChangeCoalescer {

    private final ChangeSink sink;
    private final byte[] run = new byte[ProtocolLimits.MAX_DATA_BYTES];
    private long[] runHashes = new long[16];
    private long runOffset;
    private int runLength;
    private int runFirstBlock;
    private int runBlocks;

    ChangeCoalescer(ChangeSink sink) {
        this.sink = sink;
    }

    /** A changed block at {@code offset} whose content is {@code data[0 .. length)}. */
    void changed(int block, long offset, byte[] data, int length, long hash) throws IOException, InterruptedException {
        if (length > ProtocolLimits.MAX_DATA_BYTES) {
            flush();
            emitInPieces(block, offset, data, length, hash);
            return;
        }
        boolean adjacent = runBlocks > 0 && runFirstBlock + runBlocks == block;
        if (!adjacent || runLength + length > run.length) {
            flush();
            runOffset = offset;
            runFirstBlock = block;
        }
        System.arraycopy(data, 0, run, runLength, length);
        if (runBlocks == runHashes.length) {
            runHashes = Arrays.copyOf(runHashes, runBlocks * 2);
        }
        runHashes[runBlocks++] = hash;
        runLength += length;
    }

    /** Sends what has been gathered; the next changed block starts a new change. */
    void flush() throws IOException, InterruptedException {
        if (runBlocks == 0) {
            return;
        }
        DataChange change = new DataChange(runOffset, Arrays.copyOf(run, runLength), runFirstBlock, runBlocks,
                Arrays.copyOf(runHashes, runBlocks));
        runBlocks = 0;
        runLength = 0;
        sink.accept(change);
    }

    private void emitInPieces(int block, long offset, byte[] data, int length, long hash) throws IOException, InterruptedException {
        for (int start = 0; start < length; start += ProtocolLimits.MAX_DATA_BYTES) {
            int pieceLength = Math.min(ProtocolLimits.MAX_DATA_BYTES, length - start);
            boolean last = start + pieceLength == length;
            sink.accept(new DataChange(offset + start, Arrays.copyOfRange(data, start, start + pieceLength),
                    block, 1, last ? new long[] {hash} : new long[0]));
        }
    }
}
