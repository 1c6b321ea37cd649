package org.lifeboat.alert;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.ejb.EJB;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.Timeout;
import jakarta.ejb.TimerConfig;
import jakarta.ejb.TimerService;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import org.lifeboat.event.EventRepository;
import org.lifeboat.mail.AlertMailer;
import org.lifeboat.monitoring.ItemMBeans;
import org.lifeboat.monitoring.ItemStatus;
import org.lifeboat.monitoring.ItemStatusService;
import org.lifeboat.monitoring.LifeboatMetrics;
import org.lifeboat.monitoring.MonitoringSettings;
import org.lifeboat.monitoring.PlatformMBeans;
import org.lifeboat.monitoring.ProcessServerStatus;
import org.lifeboat.monitoring.ProcessServerStatusService;
import org.lifeboat.monitoring.RpoHistory;
import org.lifeboat.monitoring.ThroughputSampler;
import org.lifeboat.scaleout.ProcessServerView;
import org.lifeboat.scaleout.ProcessServers;

/**
 * The monitoring tick, an EJB interval timer ({@code -Dlifeboat.alerts.interval-seconds}, 10 s by
 * default): samples the throughput, adds the items' RPOs to their recent history (the console's chart),
 * keeps the per-item MBeans and gauges in line with the items, evaluates ASR's alerts, records what was
 * raised or cleared (in its own transaction), and only then tells JMX listeners and e-mails it. The timer is
 * not persistent: it is created at each start with the interval configured then, and a missed tick is simply
 * the next one.
 */
@Singleton
@Startup
public class AlertMonitor {

    private static final Logger LOG = Logger.getLogger(AlertMonitor.class.getName());

    @Resource
    private TimerService timers;

    @EJB
    private ThroughputSampler throughput;

    @EJB
    private ItemStatusService items;

    @EJB
    private ProcessServerStatusService processServer;

    @EJB
    private ProcessServers processServers;

    @EJB
    private ItemMBeans itemMBeans;

    @EJB
    private LifeboatMetrics metrics;

    @EJB
    private RpoHistory rpoHistory;

    @EJB
    private AlertRepository book;

    @EJB
    private EventRepository events;

    @EJB
    private AlertMailer mailer;

    private final AlertBroadcaster broadcaster = new AlertBroadcaster();

    @PostConstruct
    void start() {
        PlatformMBeans.register(AlertsMXBean.OBJECT_NAME, broadcaster);
        long interval = MonitoringSettings.interval().toMillis();
        timers.createIntervalTimer(interval, interval, new TimerConfig("lifeboat-monitoring", false));
    }

    @PreDestroy
    void stop() {
        PlatformMBeans.unregister(AlertsMXBean.OBJECT_NAME);
    }

    @Timeout
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    public void tick() {
        try {
            evaluate();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Monitoring tick failed; the next one tries again", e);
        }
    }

    private void evaluate() {
        throughput.sample();
        List<ItemStatus> statuses = items.all();
        rpoHistory.record(statuses, java.time.Instant.now());
        ProcessServerStatus server = processServer.status();
        Set<String> names = statuses.stream().map(ItemStatus::name).collect(Collectors.toSet());
        itemMBeans.reconcile(names);
        metrics.reconcile(names);
        List<WantedAlert> wanted = new ArrayList<>(AlertRules.evaluate(statuses, server));
        wanted.addAll(AlertRules.evaluateScaleOut(processServers.scaleOut().stream()
                .map(ProcessServerView::status).toList()));
        List<AlertChange> changes = book.reconcile(wanted);
        broadcaster.active(events.activeAlerts().stream().map(e -> e.getSeverity() + " " + e.getAlertCondition()
                + " " + e.getSubject() + ": " + e.getMessage()).toList());
        for (AlertChange change : changes) {
            broadcaster.publish(change);
            if (mailer.configured()) {
                boolean sent = mailer.send(mailSubject(change), mailBody(change));
                (sent ? broadcaster.emailsSent : broadcaster.emailFailures).incrementAndGet();
            }
        }
    }

    static String mailSubject(AlertChange change) {
        return "[Lifeboat] " + change.severity() + " " + change.condition() + " on " + change.subject() + ": "
                + (change.kind() == AlertChange.Kind.RAISED ? "raised" : "cleared");
    }

    static String mailBody(AlertChange change) {
        return change.summary() + "\n\n"
                + "Condition: " + change.condition() + "\n"
                + "Concerns:  " + change.subject() + "\n"
                + "Severity:  " + change.severity() + "\n"
                + "Raised:    " + change.raisedAt() + "\n"
                + (change.clearedAt() != null ? "Cleared:   " + change.clearedAt() + "\n" : "")
                + "Event:     " + change.eventId() + "\n";
    }
}
