package org.lifeboat.monitoring;

import java.lang.management.ManagementFactory;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.sql.DataSource;
import jakarta.annotation.Resource;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import org.lifeboat.connector.ReplicationPortMXBean;
import org.lifeboat.storage.StorageAccount;
import org.lifeboat.storage.StorageUnavailableException;

/**
 * Checks each part the vault depends on: the database, Azure Storage, the replication port and the
 * EJB timers. Each check stands alone, so one failing part never hides the state of another. Only
 * {@link CachedHealth}'s timer calls it: readers take the cached report.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class PlatformHealth {

    public static final String DATABASE = "database";
    public static final String STORAGE = "storage";
    public static final String REPLICATION_LISTENER = "replicationListener";
    public static final String TIMERS = "timers";

    /** A heartbeat older than this many intervals means timers stopped firing. */
    private static final int MISSED_INTERVALS = 3;

    @Resource(lookup = "jdbc/lifeboat")
    private DataSource dataSource;

    @Inject
    private StorageAccount storage;

    @Inject
    private HealthHeartbeat heartbeat;

    public HealthReport check() {
        return new HealthReport(Instant.now(), List.of(database(), storage(), replicationListener(), timers()));
    }

    private PartHealth database() {
        try (Connection connection = dataSource.getConnection()) {
            if (!connection.isValid(5)) {
                return PartHealth.down(DATABASE, "connection is not valid");
            }
            return PartHealth.up(DATABASE, connection.getMetaData().getDatabaseProductName() + " "
                    + connection.getMetaData().getDatabaseProductVersion());
        } catch (SQLException e) {
            return PartHealth.down(DATABASE, "cannot connect (SQLState " + e.getSQLState() + ")",
                    "cannot connect: " + e.getMessage());
        }
    }

    private PartHealth storage() {
        try {
            storage.ensureContainers();
            return PartHealth.up(STORAGE, "containers " + String.join(", ", StorageAccount.CONTAINERS));
        } catch (StorageUnavailableException e) {
            // the public answer names no account, endpoint or SDK message (they carry both)
            return PartHealth.down(STORAGE, "the vault's containers cannot be reached: " + StorageAccount.kindOf(e)
                    + " (the server log says more)", e.getMessage());
        }
    }

    private PartHealth replicationListener() {
        try {
            MBeanServer server = ManagementFactory.getPlatformMBeanServer();
            ObjectName name = new ObjectName(ReplicationPortMXBean.OBJECT_NAME);
            if (!server.isRegistered(name)) {
                return PartHealth.down(REPLICATION_LISTENER, "the replication port was not started (see the server log)");
            }
            boolean bound = (Boolean) server.getAttribute(name, "Bound");
            int port = (Integer) server.getAttribute(name, "Port");
            return bound ? PartHealth.up(REPLICATION_LISTENER, "listening on port " + port + " (TLS)")
                    : PartHealth.down(REPLICATION_LISTENER, "port " + port + " is not bound");
        } catch (JMException e) {
            return PartHealth.down(REPLICATION_LISTENER, "status unavailable: " + e.getMessage());
        }
    }

    private PartHealth timers() {
        return heartbeat.last()
                .filter(h -> h.getLastFiredAt() != null)
                .map(h -> {
                    Duration age = Duration.between(h.getLastFiredAt(), Instant.now());
                    return age.compareTo(HealthHeartbeat.INTERVAL.multipliedBy(MISSED_INTERVALS)) <= 0
                            ? PartHealth.up(TIMERS, "heartbeat fired " + age.toSeconds() + " s ago (" + h.getFirings()
                            + " times since " + h.getTimerCreatedAt() + ")")
                            : PartHealth.down(TIMERS, "heartbeat last fired " + age.toSeconds() + " s ago");
                })
                .orElse(PartHealth.down(TIMERS, "the heartbeat timer has not fired yet"));
    }
}
