package org.lifeboat.monitoring;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * ASR's process server thresholds, for the built-in process server and every scale-out one alike (pure, unit
 * tested): CPU and memory Warning above 80 %, Critical above 95 %; free cache Warning below 30 %, Critical below
 * 25 %; the projected upload time of the backlog Warning above 30 minutes, Critical above 45; and a scale-out
 * process server whose last heartbeat is older than the timeout is Critical, not heartbeating.
 */
public final class ProcessServerHealthRules {

    public static final double LOAD_WARNING_PERCENT = 80;
    public static final double LOAD_CRITICAL_PERCENT = 95;
    public static final Duration UPLOAD_WARNING = Duration.ofMinutes(30);
    public static final Duration UPLOAD_CRITICAL = Duration.ofMinutes(45);
    /**
     * Only a backlog of at least this much is judged by its projected upload time. A smaller one is a few
     * segments in the normal course of sealing and uploading, and its drain time, from the upload rate of one
     * sampling window in which little was due, is noise (the shared test stack showed "86 minutes" for 4 MB).
     */
    public static final long MIN_JUDGED_BACKLOG_BYTES = 256L << 20;

    private ProcessServerHealthRules() {
    }

    /**
     * @param cpuPercent       null when unknown (not judged)
     * @param drainSeconds     the backlog's projected upload time; null when nothing was uploaded while data waits
     * @param heartbeatSilence how long since its last heartbeat; null for the built-in one (it is this server)
     */
    public static List<HealthReason> reasons(Double cpuPercent, Double memoryPercent, double cacheFreePercent,
                                             long backlogBytes, Long drainSeconds, Duration heartbeatSilence,
                                             Duration heartbeatTimeout) {
        List<HealthReason> reasons = new ArrayList<>();
        if (heartbeatSilence != null && heartbeatSilence.compareTo(heartbeatTimeout) > 0) {
            reasons.add(new HealthReason(HealthReason.PROCESS_SERVER_NOT_HEARTBEATING, Health.CRITICAL,
                    "no heartbeat from the process server for " + heartbeatSilence.toSeconds() + " s (timeout "
                            + heartbeatTimeout.toSeconds() + " s): its figures are stale"));
        }
        load(reasons, HealthReason.PROCESS_SERVER_CPU_HIGH, "CPU", cpuPercent);
        load(reasons, HealthReason.PROCESS_SERVER_MEMORY_HIGH, "memory", memoryPercent);
        if (cacheFreePercent < ItemHealthRules.CACHE_FREE_CRITICAL_PERCENT) {
            reasons.add(new HealthReason(HealthReason.CACHE_NEARLY_FULL, Health.CRITICAL, "the cache has "
                    + cacheFreePercent + " % free (critical below " + (int) ItemHealthRules.CACHE_FREE_CRITICAL_PERCENT
                    + " %)"));
        } else if (cacheFreePercent < ItemHealthRules.CACHE_FREE_WARNING_PERCENT) {
            reasons.add(new HealthReason(HealthReason.CACHE_NEARLY_FULL, Health.WARNING, "the cache has "
                    + cacheFreePercent + " % free (warning below " + (int) ItemHealthRules.CACHE_FREE_WARNING_PERCENT
                    + " %)"));
        }
        if (backlogBytes >= MIN_JUDGED_BACKLOG_BYTES) {
            if (drainSeconds == null) {
                reasons.add(new HealthReason(HealthReason.PROCESS_SERVER_UPLOAD_BACKLOG, Health.CRITICAL, backlogBytes
                        + " bytes wait and nothing was uploaded in the last sampling window"));
            } else if (drainSeconds > UPLOAD_WARNING.toSeconds()) {
                boolean critical = drainSeconds > UPLOAD_CRITICAL.toSeconds();
                reasons.add(new HealthReason(HealthReason.PROCESS_SERVER_UPLOAD_BACKLOG,
                        critical ? Health.CRITICAL : Health.WARNING, "uploading the backlog of " + backlogBytes
                        + " bytes would take " + drainSeconds / 60 + " minutes (" + (critical ? "over 45" : "over 30")
                        + ")"));
            }
        }
        return reasons;
    }

    private static void load(List<HealthReason> reasons, String code, String what, Double percent) {
        if (percent == null || percent <= LOAD_WARNING_PERCENT) {
            return;
        }
        boolean critical = percent > LOAD_CRITICAL_PERCENT;
        reasons.add(new HealthReason(code, critical ? Health.CRITICAL : Health.WARNING, what + " at " + percent
                + " % (" + (critical ? "critical above 95 %" : "warning above 80 %") + ")"));
    }
}
