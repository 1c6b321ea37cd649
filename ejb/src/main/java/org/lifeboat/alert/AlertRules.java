package org.lifeboat.alert;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.lifeboat.event.Severity;
import org.lifeboat.monitoring.Health;
import org.lifeboat.monitoring.HealthReason;
import org.lifeboat.monitoring.ItemHealthRules;
import org.lifeboat.monitoring.ItemStatus;
import org.lifeboat.monitoring.ProcessServerHealthRules;
import org.lifeboat.monitoring.ProcessServerStatus;

/**
 * Which alerts should be open, from the monitoring figures (pure, unit tested). The item alerts follow
 * the item's health reasons, so an alert and the health shown on REST never disagree.
 */
public final class AlertRules {

    static final Duration BACKLOG_WARNING = ProcessServerHealthRules.UPLOAD_WARNING;
    static final Duration BACKLOG_CRITICAL = ProcessServerHealthRules.UPLOAD_CRITICAL;
    /**
     * The backlog alerts look only at a backlog of at least this much (the health rules' own limit): the
     * shared test stack raised "86 minutes" for 4 MB, and "stalled" for 25 MB while a segment upload
     * outlasted a 10-s window.
     */
    static final long MIN_ALERTED_BACKLOG_BYTES = ProcessServerHealthRules.MIN_JUDGED_BACKLOG_BYTES;

    private AlertRules() {
    }

    public static String processServerSubject(String name) {
        return "processServer/" + name;
    }

    public static List<WantedAlert> evaluate(List<ItemStatus> items, ProcessServerStatus processServer) {
        List<WantedAlert> wanted = new ArrayList<>();
        for (ItemStatus item : items) {
            for (HealthReason reason : item.reasons()) {
                switch (reason.code()) {
                    case HealthReason.RPO_THRESHOLD_EXCEEDED -> wanted.add(new WantedAlert(
                            AlertCondition.RpoThresholdExceeded, item.name(), Severity.CRITICAL,
                            "Protected item '" + item.name() + "': " + reason.message()));
                    case HealthReason.NO_HEARTBEAT -> wanted.add(new WantedAlert(
                            AlertCondition.AgentHeartbeatMissing, item.name(), Severity.CRITICAL,
                            "Protected item '" + item.name() + "' (agent " + item.agentName() + "): "
                                    + reason.message()));
                    case HealthReason.DISK_REPLICATION_FAILING -> wanted.add(new WantedAlert(
                            AlertCondition.DiskReplicationFailing, item.name(), Severity.CRITICAL,
                            "Protected item '" + item.name() + "': " + reason.message()));
                    default -> {
                        // initial replication is not alerted; the cache is alerted once, on the process server
                    }
                }
            }
        }
        String subject = processServerSubject(processServer.name());
        double free = processServer.cacheFreePercent();
        for (HealthReason reason : processServer.reasons()) {
            wanted.add(new WantedAlert(AlertCondition.ProcessServerCacheUnreadable, subject, Severity.CRITICAL,
                    "Process server '" + processServer.name() + "': " + reason.message()));
        }
        if (processServer.reasons().isEmpty() && free < ItemHealthRules.CACHE_FREE_WARNING_PERCENT) {
            Severity severity = free < ItemHealthRules.CACHE_FREE_CRITICAL_PERCENT ? Severity.CRITICAL : Severity.WARNING;
            wanted.add(new WantedAlert(AlertCondition.ProcessServerCacheFreeLow, subject, severity,
                    "Process server '" + processServer.name() + "': the cache has " + free + " % free ("
                            + (severity == Severity.CRITICAL ? "below 25 %" : "below 30 %") + ")"));
        }
        Long drain = processServer.projectedDrainSeconds();
        long backlog = processServer.uploadBacklogBytes();
        if (backlog < MIN_ALERTED_BACKLOG_BYTES) {
            return wanted;
        }
        if (drain == null) {
            wanted.add(new WantedAlert(AlertCondition.ProcessServerUploadBacklog, subject, Severity.CRITICAL,
                    "Process server '" + processServer.name() + "': " + backlog + " bytes wait and nothing was "
                            + "uploaded in the last sampling window"));
        } else if (drain != null && drain > BACKLOG_WARNING.toSeconds()) {
            Severity severity = drain > BACKLOG_CRITICAL.toSeconds() ? Severity.CRITICAL : Severity.WARNING;
            wanted.add(new WantedAlert(AlertCondition.ProcessServerUploadBacklog, subject, severity,
                    "Process server '" + processServer.name() + "': uploading the backlog of " + backlog
                            + " bytes would take " + drain / 60 + " minutes (" + (severity == Severity.CRITICAL
                            ? "over 45" : "over 30") + ")"));
        }
        return wanted;
    }

    /**
     * The alerts of the scale-out process servers, from the health their last heartbeats give: the same
     * cache and backlog conditions as the built-in one, and a Critical alert when one stops heartbeating. A
     * silent server's figures are stale, so then only that alert is raised. CPU and memory are shown in its
     * health, not alerted, as for the built-in one.
     */
    public static List<WantedAlert> evaluateScaleOut(List<ProcessServerStatus> servers) {
        List<WantedAlert> wanted = new ArrayList<>();
        for (ProcessServerStatus server : servers) {
            String subject = processServerSubject(server.name());
            List<HealthReason> reasons = server.reasons().stream()
                    .filter(r -> r.code().equals(HealthReason.PROCESS_SERVER_NOT_HEARTBEATING)
                            && r.health() == Health.CRITICAL)
                    .toList();
            if (reasons.isEmpty()) {
                reasons = server.reasons();
            }
            for (HealthReason reason : reasons) {
                AlertCondition condition = switch (reason.code()) {
                    case HealthReason.PROCESS_SERVER_NOT_HEARTBEATING -> reason.health() == Health.CRITICAL
                            ? AlertCondition.ProcessServerNotHeartbeating : null;
                    case HealthReason.CACHE_UNREADABLE -> AlertCondition.ProcessServerCacheUnreadable;
                    case HealthReason.CACHE_NEARLY_FULL -> AlertCondition.ProcessServerCacheFreeLow;
                    case HealthReason.PROCESS_SERVER_UPLOAD_BACKLOG -> AlertCondition.ProcessServerUploadBacklog;
                    default -> null;
                };
                if (condition != null) {
                    wanted.add(new WantedAlert(condition, subject,
                            reason.health() == Health.CRITICAL ? Severity.CRITICAL : Severity.WARNING,
                            "Process server '" + server.name() + "': " + reason.message()));
                }
            }
        }
        return wanted;
    }
}
