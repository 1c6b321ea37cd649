package org.lifeboat.agent.replication;

import java.io.IOException;

import org.lifeboat.protocol.ChangeRecord;

/** The next record for the writer, with its disk's state to make its intent durable first. */
record Outgoing(ChangeRecord record, DiskState state) {

    void makeIntentDurable() throws IOException {
        state.makeIntentDurable(Sequence.of(record.sequence()));
    }
}
