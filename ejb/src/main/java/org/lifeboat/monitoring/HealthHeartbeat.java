package org.lifeboat.monitoring;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.logging.Logger;
import jakarta.annotation.Resource;
import jakarta.ejb.Stateless;
import jakarta.ejb.Timeout;
import jakarta.ejb.Timer;
import jakarta.ejb.TimerConfig;
import jakarta.ejb.TimerService;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

/**
 * A persistent EJB timer that fires every {@link #INTERVAL}. It is created once, lives in the
 * database's timer table across restarts, and the health check reads when it last fired.
 */
@Stateless
public class HealthHeartbeat {

    static final String NAME = "lifeboat-health-heartbeat";
    public static final Duration INTERVAL = Duration.ofSeconds(10);

    private static final Logger LOG = Logger.getLogger(HealthHeartbeat.class.getName());

    @Resource
    private TimerService timerService;

    @PersistenceContext
    private EntityManager em;

    /** Creates the timer unless an earlier run of the server already did. */
    public void ensureScheduled() {
        boolean scheduled = timerService.getTimers().stream().anyMatch(t -> NAME.equals(t.getInfo()));
        if (scheduled && em.find(TimerHeartbeat.class, NAME) != null) {
            return;
        }
        if (!scheduled) {
            timerService.createIntervalTimer(Duration.ofSeconds(1).toMillis(), INTERVAL.toMillis(),
                    new TimerConfig(NAME, true));
        }
        TimerHeartbeat existing = em.find(TimerHeartbeat.class, NAME);
        if (existing != null) {
            em.remove(existing);
            em.flush();
        }
        em.persist(new TimerHeartbeat(NAME, Instant.now()));
        LOG.info("Persistent health heartbeat timer created");
    }

    @Timeout
    void fire(Timer timer) {
        TimerHeartbeat heartbeat = em.find(TimerHeartbeat.class, NAME);
        if (heartbeat != null) {
            heartbeat.fired(Instant.now());
        }
    }

    public Optional<TimerHeartbeat> last() {
        return Optional.ofNullable(em.find(TimerHeartbeat.class, NAME));
    }
}
