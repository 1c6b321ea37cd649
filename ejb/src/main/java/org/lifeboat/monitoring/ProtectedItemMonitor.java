package org.lifeboat.monitoring;

/** The MBean of one protected item; it holds only the name and asks the status service each time. */
final class ProtectedItemMonitor implements ProtectedItemMXBean {

    private final String item;
    private final ItemStatusService statuses;

    ProtectedItemMonitor(String item, ItemStatusService statuses) {
        this.item = item;
        this.statuses = statuses;
    }

    static String objectName(String item) {
        return TYPE + ",name=" + item; // item names never hold characters an ObjectName must quote
    }

    private ItemStatus status() {
        return statuses.status(item);
    }

    @Override
    public Long getRpoSeconds() {
        return status().rpoSeconds();
    }

    @Override
    public int getRpoThresholdMinutes() {
        return status().rpoThresholdMinutes();
    }

    @Override
    public String getPolicy() {
        return status().policy();
    }

    @Override
    public String getHealth() {
        return status().health().label();
    }

    @Override
    public String[] getHealthReasons() {
        return status().reasons().stream().map(HealthReason::message).toArray(String[]::new);
    }

    @Override
    public int getInitialReplicationPercent() {
        return status().initialPercent();
    }

    @Override
    public long getPendingBytes() {
        return status().pendingBytes();
    }

    @Override
    public long getThroughputBytesPerSecond() {
        return status().throughputBytesPerSecond();
    }

    @Override
    public String getLastHeartbeat() {
        return status().lastHeartbeatAt() == null ? "" : status().lastHeartbeatAt().toString();
    }
}
