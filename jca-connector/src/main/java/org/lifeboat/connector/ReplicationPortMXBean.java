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
}
