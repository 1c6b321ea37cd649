package org.lifeboat.agent.replication;

import org.lifeboat.protocol.ChangeRecord;
import org.lifeboat.protocol.DataRecord;

/**
 * A record sent or waiting to be sent, kept until the server acknowledges it.
 *
 * @param firstBlock      the first block the record touches
 * @param blockCount      how many blocks it touches
 * @param completedHashes hashes its acknowledgement confirms for blocks {@code firstBlock ..}; often none. Its own
 *                        array: a hash refresh may replace an unknown one ({@link Outbox#refreshed})
 */
record PendingRecord(ChangeRecord record, int firstBlock, int blockCount, long[] completedHashes) {

    static final long[] NO_HASHES = new long[0];

    PendingRecord(ChangeRecord record, int firstBlock, long[] completedHashes) {
        this(record, firstBlock, completedHashes.length, completedHashes);
    }

    /** Whether its acknowledgement sets the hash of every block it touches (then {@link #completedHashes} may change). */
    boolean completesEveryBlock() {
        return completedHashes.length == blockCount && blockCount > 0;
    }

    Sequence sequence() {
        return Sequence.of(record.sequence());
    }

    /** Data bytes, what the window and "pending bytes" count. */
    int dataBytes() {
        return record instanceof DataRecord data ? data.length() : 0;
    }
}
