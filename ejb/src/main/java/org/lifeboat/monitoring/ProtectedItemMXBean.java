package org.lifeboat.monitoring;

/**
 * One protected item, registered as {@code lifeboat:type=ProtectedItem,name=<item>} while the item
 * exists. Every attribute is read from {@link ItemStatusService}, like {@code GET /protectedItems/{item}}.
 */
public interface ProtectedItemMXBean {

    String TYPE = "lifeboat:type=ProtectedItem";

    /** Null until every disk has uploaded something. */
    Long getRpoSeconds();

    int getRpoThresholdMinutes();

    String getPolicy();

    /** Normal, Warning or Critical. */
    String getHealth();

    /** The reasons for the health, one message each; empty when Normal. */
    String[] getHealthReasons();

    int getInitialReplicationPercent();

    long getPendingBytes();

    long getThroughputBytesPerSecond();

    /** ISO-8601, empty when the agent never sent a heartbeat. */
    String getLastHeartbeat();
}
