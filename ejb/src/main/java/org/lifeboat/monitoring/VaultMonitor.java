package org.lifeboat.monitoring;

import java.lang.management.ManagementFactory;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.EJB;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import org.lifeboat.event.EventLog;

/** Publishes {@link VaultMXBean} in the platform MBean server while the application runs. */
@Singleton
@Startup
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
public class VaultMonitor implements VaultMXBean {

    private static final Logger LOG = Logger.getLogger(VaultMonitor.class.getName());

    @EJB
    private PlatformHealth health;

    @EJB
    private EventLog events;

    @EJB
    private HealthHeartbeat heartbeat;

    private ObjectName name;

    @PostConstruct
    void register() {
        try {
            name = new ObjectName(OBJECT_NAME);
            MBeanServer server = ManagementFactory.getPlatformMBeanServer();
            if (server.isRegistered(name)) {
                server.unregisterMBean(name);
            }
            server.registerMBean(this, name);
        } catch (JMException e) {
            LOG.log(Level.WARNING, "Vault MBean not registered: {0}", e.getMessage());
        }
    }

    @PreDestroy
    void unregister() {
        try {
            ManagementFactory.getPlatformMBeanServer().unregisterMBean(name);
        } catch (JMException e) {
            LOG.log(Level.FINE, "Vault MBean already gone", e);
        }
    }

    @Override
    public boolean isHealthy() {
        return health.check().allUp();
    }

    @Override
    public String[] getFailingParts() {
        return health.check().failingParts().toArray(String[]::new);
    }

    @Override
    public long getEventCount() {
        return events.count();
    }

    @Override
    public long getHeartbeatFirings() {
        return heartbeat.last().map(TimerHeartbeat::getFirings).orElse(0L);
    }

    @Override
    public String getHeartbeatTimerCreated() {
        return heartbeat.last().map(h -> h.getTimerCreatedAt().toString()).orElse("");
    }

    @Override
    public String getVersion() {
        return LifeboatVersion.current();
    }
}
