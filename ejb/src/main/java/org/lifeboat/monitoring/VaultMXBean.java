package org.lifeboat.monitoring;

/** The vault as a whole, for jconsole or any JMX client (Payara's JMX connector serves it). */
public interface VaultMXBean {

    String OBJECT_NAME = "lifeboat:type=Vault";

    /** True when every part of the server is up, as on {@code GET /api/v1/health}. */
    boolean isHealthy();

    /** The parts that are down, empty when healthy. */
    String[] getFailingParts();

    long getEventCount();

    long getHeartbeatFirings();

    /** When the persistent heartbeat timer was created: unchanged across restarts while the timer survives. */
    String getHeartbeatTimerCreated();

    String getVersion();

    /** Protected items by health, as {@code GET /api/v1/protectedItems} shows them. */
    int getProtectedItems();

    int getNormalItems();

    int getWarningItems();

    int getCriticalItems();
}
