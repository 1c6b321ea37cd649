package org.lifeboat.connector;

/** What the replication port is doing, for the health check, JMX clients and the console. */
public interface ReplicationPortMXBean {

    String OBJECT_NAME = "lifeboat:type=ReplicationPort";

    boolean isBound();

    int getPort();

    int getOpenConnections();

    long getAcceptedConnections();

    long getRejectedConnections();

    String getLastRejectionReason();

    /** Bytes of change-record frames received from agents (resends included). */
    long getBytesReceived();

    /** Change records made durable in the cache journal and acknowledged. */
    long getRecordsJournaled();
}
