package org.lifeboat.discovery;

import java.time.Duration;
import java.time.Instant;
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

/**
 * Rediscovers every vCenter on an EJB timer, every 15 minutes by default (ASR's interval), or every
 * {@code -Dlifeboat.discovery.interval-seconds}. The timer is not persistent: it is made again at each
 * start, with the interval configured then. A vCenter whose discovery is still running is skipped.
 */
@Singleton
@Startup
public class DiscoverySchedule {

    static final String PROPERTY = "lifeboat.discovery.interval-seconds";
    static final Duration DEFAULT_INTERVAL = Duration.ofMinutes(15);
    /** A discovery "running" for longer was cut short by a restart. */
    static final Duration STALE = Duration.ofMinutes(10);

    private static final Logger LOG = Logger.getLogger(DiscoverySchedule.class.getName());

    @Resource
    private TimerService timers;

    @EJB
    private VcenterCatalog catalog;

    @EJB
    private VcenterDiscovery discovery;

    @PostConstruct
    void schedule() {
        Duration interval = interval();
        timers.createIntervalTimer(interval.toMillis(), interval.toMillis(),
                new TimerConfig("lifeboat-vcenter-discovery", false));
        LOG.info("vCenters are rediscovered every " + interval.toSeconds() + " s");
    }

    static Duration interval() {
        long seconds = Long.getLong(PROPERTY, DEFAULT_INTERVAL.toSeconds());
        return Duration.ofSeconds(Math.max(1, seconds));
    }

    @Timeout
    void rediscover(Timer timer) {
        for (Vcenter vcenter : catalog.all()) {
            boolean running = vcenter.getDiscoveryState() == JobState.RUNNING && vcenter.getDiscoveryStartedAt() != null
                    && vcenter.getDiscoveryStartedAt().isAfter(Instant.now().minus(STALE));
            if (!running) {
                discovery.discover(vcenter.getFabric(), vcenter.getName());
            }
        }
    }
}
