package org.lifeboat.connector.journal;

import java.io.IOException;

/**
 * A disk's journal failed to write or fsync (a full or failing disk) and is out of service: nothing
 * after its durable sequence was kept, so nothing after it may be acknowledged, and it takes records
 * again only once it has recovered from its files. A session that resumed before the failure gets
 * this for every later append and sync: its agent must reconnect and resend from the durable
 * sequence it is told then.
 */
public final class JournalFailedException extends IOException {

    private final String diskId;

    JournalFailedException(String diskId, String message, IOException cause) {
        super("the cache journal of disk " + diskId + " " + message, cause);
        this.diskId = diskId;
    }

    public String diskId() {
        return diskId;
    }
}
