package org.lifeboat.scaleout;

import java.time.Duration;
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
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;

/**
 * Every {@link #TICK}, moves the items of scale-out process servers that stopped heartbeating
 * ({@link ProcessServerAssignments#rehomeSilent}). A non-persistent timer of the configuration server: it runs on
 * that one server only (a scale-out process server's WAR has no timers), and a tick missed by a restart is simply
 * the next one. The tick itself has no transaction: the work runs in its own (REQUIRES_NEW), so nothing of it
 * stays in the timer's persistence context between ticks.
 */
@Singleton
@Startup
public class ProcessServerRehoming {

    static final Duration TICK = Duration.ofSeconds(10);

    private static final Logger LOG = Logger.getLogger(ProcessServerRehoming.class.getName());

    @Resource
    private TimerService timers;

    @EJB
    private ProcessServerAssignments assignments;

    @PostConstruct
    void schedule() {
        timers.createIntervalTimer(TICK.toMillis(), TICK.toMillis(),
                new TimerConfig("lifeboat-process-server-rehoming", false));
    }

    @Timeout
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    void rehome(Timer timer) {
        try {
            assignments.rehomeSilent().forEach(moved -> LOG.warning(() -> "Moved '" + moved.item()
                    + "' from the silent process server '" + moved.from() + "' to '" + moved.to() + "' (epoch "
                    + moved.epoch() + ")"));
        } catch (RuntimeException e) {
            LOG.warning("Could not move the items of silent process servers: " + e);
        }
    }
}
