package org.lifeboat.connector;

/** What the replication port is doing, for the health check, JMX clients and the console. */
public interface ReplicationPortMXBean {

    String OBJECT_NAME = "lifeboat:type=ReplicationPort";

    boolean isBound();

    int getPort();

    int getOpenConnections();

    long getAcceptedConnections();

    long getRejectedConnections();

    /** Why the last connection was closed by the server (a limit, a deadline, a bad frame). */
    String getLastRejectionReason();

    /** Connections refused at once because a connection limit was reached (counted in the rejected too). */
    long getConnectionsRefusedAsBusy();

    /** Connections not yet authenticated: at most {@code -Dlifeboat.replication.max-handshakes}. */
    int getConnectionsInHandshake();

    /** Pings (a HELLO without agent id) answered and closed. */
    long getPingsAnswered();

    /** Bytes all sessions may hold in frame buffers at once ({@code -Dlifeboat.replication.receive-budget-bytes}). */
    long getReceiveBudgetBytes();

    /** Bytes of the receive budget held now; at the budget, sessions wait before reading a frame. */
    long getReceiveBytesInUse();

    /** Bytes of change-record frames received from agents (resends included). */
    long getBytesReceived();

    /** Change records made durable in the cache journal and acknowledged. */
    long getRecordsJournaled();

    /** Batches of records made durable (one fsync per disk of the batch) and acknowledged. */
    long getJournalCommits();

    /** Time the sessions spent making batches durable and acknowledging them, summed. */
    long getJournalCommitMillis();

    /** Disks whose cache journal is out of service after a failed write, fsync or seal, until it recovers. */
    java.util.List<String> getFailedCacheJournals();

    /**
     * Closes every live session of this agent now, e.g. because it was revoked, and refuses the agent's
     * sessions that are still in their handshake.
     *
     * @return how many sessions were closed
     */
    int closeAgentSessions(String agentId);

    /**
     * Every record of this disk up to {@code sequence} is durable in Azure Storage: the sessions replicating
     * the disk tell their agent (a DURABLE frame) with their next acknowledgements or heartbeat echo.
     *
     * @return how many sessions will tell it
     */
    int durableInAzure(String diskId, long sequence);
}
