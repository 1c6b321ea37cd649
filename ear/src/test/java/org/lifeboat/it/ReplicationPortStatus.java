package org.lifeboat.it;

/** The replication port's counters, read over JMX. */
final class ReplicationPortStatus {

    private static final String NAME = "lifeboat:type=ReplicationPort";

    private ReplicationPortStatus() {
    }

    static long rejectedConnections() {
        return (Long) Jmx.attribute(NAME, "RejectedConnections");
    }

    static long pingsAnswered() {
        return (Long) Jmx.attribute(NAME, "PingsAnswered");
    }

    static long connectionsRefusedAsBusy() {
        return (Long) Jmx.attribute(NAME, "ConnectionsRefusedAsBusy");
    }

    static long bytesReceived() {
        return (Long) Jmx.attribute(NAME, "BytesReceived");
    }

    static long recordsJournaled() {
        return (Long) Jmx.attribute(NAME, "RecordsJournaled");
    }

    /** Batches made durable (one fsync each) and acknowledged. */
    static long journalCommits() {
        return (Long) Jmx.attribute(NAME, "JournalCommits");
    }

    static String lastRejectionReason() {
        return (String) Jmx.attribute(NAME, "LastRejectionReason");
    }
}
