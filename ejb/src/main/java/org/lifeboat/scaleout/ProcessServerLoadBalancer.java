package org.lifeboat.scaleout;

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
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import org.lifeboat.shared.Settings;

/**
 * Automatic load balancing: every {@link #TICK}, unless {@value #ENABLED} is {@code off}, moves items off loaded
 * process servers as {@link ProcessServerBalancing} chooses, at most one per server per {@value #INTERVAL} (default
 * 5 minutes). Like {@link ProcessServerRehoming}: a non-persistent timer of the configuration server only, each
 * move in a transaction of its own. Both settings are read at each tick.
 */
@Singleton
@Startup
public class ProcessServerLoadBalancer {

    static final Duration TICK = Duration.ofSeconds(30);
    static final String ENABLED = "lifeboat.process-server.load-balancing";
    static final String INTERVAL = "lifeboat.process-server.load-balancing-interval";
    static final Duration DEFAULT_INTERVAL = Duration.ofMinutes(5);

    private static final Logger LOG = Logger.getLogger(ProcessServerLoadBalancer.class.getName());

    @Resource
    private TimerService timers;

    @EJB
    private ProcessServers servers;

    @EJB
    private ProcessServerAssignments assignments;

    @EJB
    private ScaleOutProcessServerRepository scaleOut;

    private final ProcessServerBalancing balancing = new ProcessServerBalancing();

    @PostConstruct
    void schedule() {
        timers.createIntervalTimer(TICK.toMillis(), TICK.toMillis(),
                new TimerConfig("lifeboat-process-server-load-balancing", false));
    }

    @Timeout
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    void balance(Timer timer) {
        // one server alone has nowhere to move items: nothing is measured for it
        // off unless asked for: a move makes the agent send again what Azure does not hold yet (docs/scale-out.md)
        if (!"on".equalsIgnoreCase(Settings.text(ENABLED, "off")) || scaleOut.all().isEmpty()) {
            return;
        }
        try {
            Instant now = Instant.now();
            for (ProcessServerBalancing.Move move : balancing.choose(servers.all(), now,
                    Settings.duration(INTERVAL, DEFAULT_INTERVAL))) {
                try {
                    assignments.balance(move).ifPresent(moved -> {
                        balancing.moved(move, now);
                        LOG.warning(() -> "Load balancing moved '" + moved.item() + "' from process server '"
                                + moved.from() + "' to '" + moved.to() + "' (epoch " + moved.epoch() + "): "
                                + move.why());
                    });
                } catch (RuntimeException e) {
                    LOG.warning("Load balancing could not move '" + move.item() + "' to '" + move.to() + "': " + e);
                }
            }
        } catch (RuntimeException e) {
            LOG.warning("Load balancing failed: " + e);
        }
    }
}
