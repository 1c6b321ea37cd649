package org.lifeboat.monitoring;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.EJB;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.Timeout;
import jakarta.ejb.TimerConfig;
import jakarta.ejb.TimerService;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;

/**
 * The health every reader sees (the public {@code /health}, the console, JMX): the checks run on a
 * timer ({@link MonitoringSettings#healthRefresh()}), never per request, so a burst of requests costs no
 * Azure call and a part that hangs never slows an answer. A part that changes state is logged with its
 * diagnosis, which the public answer leaves out.
 */
@Singleton
@Startup
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
public class CachedHealth {

    private static final Logger LOG = Logger.getLogger(CachedHealth.class.getName());

    @EJB
    private PlatformHealth checks;

    @Resource
    private TimerService timers;

    private final AtomicBoolean refreshing = new AtomicBoolean();

    private volatile HealthReport report = new HealthReport(Instant.now(), List.of(
            PartHealth.down(PlatformHealth.DATABASE, "not checked yet"),
            PartHealth.down(PlatformHealth.STORAGE, "not checked yet"),
            PartHealth.down(PlatformHealth.REPLICATION_LISTENER, "not checked yet"),
            PartHealth.down(PlatformHealth.TIMERS, "not checked yet")));

    private Map<String, PartHealth> lastLogged = Map.of();

    @PostConstruct
    void start() {
        long interval = MonitoringSettings.healthRefresh().toMillis();
        timers.createIntervalTimer(1, interval, new TimerConfig("lifeboat-health-checks", false));
    }

    /** The last checks' results; at most one refresh interval (plus a check's duration) old. */
    public HealthReport current() {
        return report;
    }

    @Timeout
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    public void refresh() {
        // a check that outlasts the interval (Azure Storage retrying) is not started twice
        if (!refreshing.compareAndSet(false, true)) {
            return;
        }
        try {
            HealthReport fresh = checks.check();
            logChanges(fresh);
            report = fresh;
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "The health checks failed; the next refresh tries again", e);
        } finally {
            refreshing.set(false);
        }
    }

    private void logChanges(HealthReport fresh) {
        for (PartHealth part : fresh.parts()) {
            PartHealth before = lastLogged.get(part.part());
            if (before == null ? !part.up() : before.up() != part.up()) {
                LOG.log(part.up() ? Level.INFO : Level.WARNING, "Health: " + part.part() + " is "
                        + (part.up() ? "up again: " : "down: ") + part.diagnosis());
            }
        }
        lastLogged = fresh.parts().stream().collect(Collectors.toMap(PartHealth::part, Function.identity()));
    }
}
