package org.lifeboat.event;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.EJB;
import jakarta.ejb.LocalBean;
import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import org.lifeboat.monitoring.PlatformMBeans;
import org.lifeboat.shared.Settings;

/**
 * Keeps the event table bounded: every minute it deletes events older than the maximum age and, beyond
 * the maximum count, the oldest ones. Active alerts are never deleted: they are the vault's open problems.
 */
@Singleton
@Startup
@LocalBean
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
public class EventRetention implements EventsMXBean {

    @EJB
    private EventRepository events;

    private volatile Duration maxAge = EventSettings.maxAge();
    private volatile int maxCount = EventSettings.maxCount();
    private final AtomicLong pruned = new AtomicLong();

    @PostConstruct
    void register() {
        PlatformMBeans.register(OBJECT_NAME, this);
    }

    @PreDestroy
    void unregister() {
        PlatformMBeans.unregister(OBJECT_NAME);
    }

    @Schedule(minute = "*", hour = "*", persistent = false)
    void scheduled() {
        prune();
    }

    @Override
    public long prune() {
        long deleted = events.prune(Instant.now().minus(maxAge), maxCount);
        pruned.addAndGet(deleted);
        return deleted;
    }

    @Override
    public long getStoredEvents() {
        return events.count();
    }

    @Override
    public String getMaxAge() {
        return maxAge.toString();
    }

    @Override
    public void setMaxAge(String value) {
        Duration parsed = Settings.parseDuration(value);
        if (parsed.isNegative() || parsed.isZero()) {
            throw new IllegalArgumentException("MaxAge must be positive, not " + value);
        }
        maxAge = parsed;
    }

    @Override
    public int getMaxCount() {
        return maxCount;
    }

    @Override
    public void setMaxCount(int value) {
        if (value < 1) {
            throw new IllegalArgumentException("MaxCount must be at least 1, not " + value);
        }
        maxCount = value;
    }

    @Override
    public long getPrunedSinceStart() {
        return pruned.get();
    }
}
