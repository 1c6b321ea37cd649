package org.lifeboat.discovery;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.logging.Logger;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.EJB;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.Timeout;
import jakarta.ejb.Timer;
import jakarta.ejb.TimerConfig;
import jakarta.ejb.TimerService;
import org.lifeboat.job.JobState;
import org.lifeboat.shared.Settings;

/**
 * Rediscovers every vCenter every 15 minutes (ASR's interval), or every
 * {@code lifeboat.discovery.interval-seconds}. An EJB timer looks every {@link #TICK} for vCenters
 * whose last discovery started longer ago than the interval; the property is read at each look, so
 * {@code asadmin create-system-properties lifeboat.discovery.interval-seconds=N} takes effect without a
 * restart, and after a restart a vCenter is due when its last discovery (kept in the database) says so.
 * A vCenter whose discovery is still running is skipped.
 */
@Singleton
@Startup
public class DiscoverySchedule {

    static final String PROPERTY = "lifeboat.discovery.interval-seconds";
    static final Duration DEFAULT_INTERVAL = Duration.ofMinutes(15);
    static final Duration TICK = Duration.ofSeconds(10);
    /** A discovery "running" for longer was cut short by a restart. */
    static final Duration STALE = Duration.ofMinutes(10);

    private static final Logger LOG = Logger.getLogger(DiscoverySchedule.class.getName());

    @Resource
    private TimerService timers;

    @EJB
    private VcenterRepository catalog;

    @EJB
    private VcenterDiscovery discovery;

    /** When this schedule last queued each vCenter's discovery (a queued job has not started yet). */
    private final Map<String, Instant> queued = new HashMap<>();

    @PostConstruct
    void schedule() {
        timers.createIntervalTimer(TICK.toMillis(), TICK.toMillis(), new TimerConfig("lifeboat-vcenter-discovery", false));
        LOG.info("vCenters are rediscovered every " + interval().toSeconds() + " s (-D" + PROPERTY + ")");
    }

    static Duration interval() {
        return Duration.ofSeconds(Math.max(1, Settings.number(PROPERTY, DEFAULT_INTERVAL.toSeconds())));
    }

    @Timeout
    void rediscoverDue(Timer timer) {
        Instant now = Instant.now();
        Instant dueBefore = now.minus(interval());
        for (Vcenter vcenter : catalog.all()) {
            Instant started = vcenter.getDiscoveryStartedAt();
            boolean running = vcenter.getDiscoveryState() == JobState.RUNNING && started != null
                    && started.isAfter(now.minus(STALE));
            boolean due = (started == null || !started.isAfter(dueBefore))
                    && !queued.getOrDefault(vcenter.getId(), Instant.MIN).isAfter(dueBefore);
            if (!running && due) {
                queued.put(vcenter.getId(), now);
                try {
                    discovery.discover(vcenter.getFabric(), vcenter.getName());
                } catch (RuntimeException e) {
                    LOG.warning("Could not start the discovery of " + vcenter.getPath() + ": " + e); // e.g. just removed
                }
            }
        }
    }
}
