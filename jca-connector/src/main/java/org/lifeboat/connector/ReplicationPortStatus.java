package org.lifeboat.connector;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntSupplier;

/** Live counters of the replication port, published as {@link ReplicationPortMXBean}. */
final class ReplicationPortStatus implements ReplicationPortMXBean {

    private final int port;
    private volatile boolean bound;
    private final AtomicInteger open = new AtomicInteger();
    private final AtomicLong accepted = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();
    private volatile String lastRejectionReason = "";
    private final AtomicLong bytesReceived = new AtomicLong();
    private final AtomicLong recordsJournaled = new AtomicLong();
    private final AtomicLong journalCommits = new AtomicLong();
    private final AtomicLong journalCommitNanos = new AtomicLong();
    private final AtomicLong pingsAnswered = new AtomicLong();
    private final AtomicLong refusedAsBusy = new AtomicLong();
    private volatile ReceiveBudget receiveBudget;
    private volatile IntSupplier connectionsInHandshake = () -> 0;

    private volatile ReplicationAcceptor acceptor;

    ReplicationPortStatus(int port) {
        this.port = port;
    }

    /** The acceptor whose sessions {@link #closeAgentSessions} closes. */
    void serving(ReplicationAcceptor value) {
        acceptor = value;
    }

    @Override
    public int closeAgentSessions(String agentId) {
        ReplicationAcceptor current = acceptor;
        return current == null ? 0 : current.closeAgentSessions(agentId);
    }

    @Override
    public int durableInAzure(String diskId, long sequence) {
        ReplicationAcceptor current = acceptor;
        return current == null || diskId == null || sequence <= 0 ? 0 : current.durableInAzure(diskId, sequence);
    }

    /** The acceptor's budget and handshake count, read live. */
    void measuring(ReceiveBudget budget, IntSupplier inHandshake) {
        receiveBudget = budget;
        connectionsInHandshake = inHandshake;
    }

    void pingAnswered() {
        pingsAnswered.incrementAndGet();
    }

    void refusedAsBusy() {
        refusedAsBusy.incrementAndGet();
    }

    @Override
    public long getPingsAnswered() {
        return pingsAnswered.get();
    }

    @Override
    public long getConnectionsRefusedAsBusy() {
        return refusedAsBusy.get();
    }

    @Override
    public int getConnectionsInHandshake() {
        return connectionsInHandshake.getAsInt();
    }

    @Override
    public long getReceiveBudgetBytes() {
        ReceiveBudget budget = receiveBudget;
        return budget == null ? 0 : budget.totalBytes();
    }

    @Override
    public long getReceiveBytesInUse() {
        ReceiveBudget budget = receiveBudget;
        return budget == null ? 0 : budget.bytesInUse();
    }

    void bound(boolean value) {
        bound = value;
    }

    void opened() {
        accepted.incrementAndGet();
        open.incrementAndGet();
    }

    void closed() {
        open.decrementAndGet();
    }

    void rejected(String reason) {
        rejected.incrementAndGet();
        lastRejectionReason = reason;
    }

    void received(long bytes) {
        bytesReceived.addAndGet(bytes);
    }

    void journaled(long records) {
        recordsJournaled.addAndGet(records);
    }

    /** One batch made durable (its fsyncs) and acknowledged, and how long that took. */
    void committed(long nanos) {
        journalCommits.incrementAndGet();
        journalCommitNanos.addAndGet(nanos);
    }

    @Override
    public long getJournalCommits() {
        return journalCommits.get();
    }

    @Override
    public long getJournalCommitMillis() {
        return journalCommitNanos.get() / 1_000_000;
    }

    @Override
    public long getBytesReceived() {
        return bytesReceived.get();
    }

    @Override
    public long getRecordsJournaled() {
        return recordsJournaled.get();
    }

    @Override
    public List<String> getFailedCacheJournals() {
        ReplicationAcceptor current = acceptor;
        return current == null ? List.of() : current.journal().failedDisks();
    }

    @Override
    public boolean isBound() {
        return bound;
    }

    @Override
    public int getPort() {
        return port;
    }

    @Override
    public int getOpenConnections() {
        return open.get();
    }

    @Override
    public long getAcceptedConnections() {
        return accepted.get();
    }

    @Override
    public long getRejectedConnections() {
        return rejected.get();
    }

    @Override
    public String getLastRejectionReason() {
        return lastRejectionReason;
    }
}
