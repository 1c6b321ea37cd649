package org.lifeboat.monitoring;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.EJB;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import org.lifeboat.event.EventRepository;

/** Publishes {@link VaultMXBean} in the platform MBean server while the application runs. */
@Singleton
@Startup
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
public class VaultMonitor implements VaultMXBean {

    @EJB
    private CachedHealth health;

    @EJB
    private EventRepository events;

    @EJB
    private HealthHeartbeat heartbeat;

    @EJB
    private ItemStatusService items;

    @PostConstruct
    void register() {
        PlatformMBeans.register(OBJECT_NAME, this);
    }

    @PreDestroy
    void unregister() {
        PlatformMBeans.unregister(OBJECT_NAME);
    }

    @Override
    public boolean isHealthy() {
        return health.current().allUp();
    }

    @Override
    public String[] getFailingParts() {
        return health.current().failingParts().toArray(String[]::new);
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

    @Override
    public int getProtectedItems() {
        return items.all().size();
    }

    @Override
    public int getNormalItems() {
        return itemsWith(Health.NORMAL);
    }

    @Override
    public int getWarningItems() {
        return itemsWith(Health.WARNING);
    }

    @Override
    public int getCriticalItems() {
        return itemsWith(Health.CRITICAL);
    }

    private int itemsWith(Health health) {
        return (int) items.all().stream().filter(i -> i.health() == health).count();
    }
}
