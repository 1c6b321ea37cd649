package org.lifeboat.monitoring;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Decides a protected item's health from its figures, with ASR's reasons. Pure, so every rule is unit
 * tested: RPO above the policy's threshold and a silent agent are Critical; initial replication (no
 * recovery point to fail over to yet) is a Warning; the process server's cache below 30 % free is a
 * Warning, below 25 % Critical, since the item's data soon stops flowing.
 */
public final class ItemHealthRules {

    public static final double CACHE_FREE_WARNING_PERCENT = 30;
    public static final double CACHE_FREE_CRITICAL_PERCENT = 25;

    private ItemHealthRules() {
    }

    /**
     * @param rpoSeconds           null while some disk has uploaded nothing yet
     * @param heartbeatSilence     how long since the agent's last heartbeat (or, if it never sent one,
     *                             since it was protected)
     * @param cacheFreePercent     the process server's cache
     */
    public static List<HealthReason> reasons(Long rpoSeconds, int rpoThresholdMinutes, boolean initialReplication,
                                             int initialPercent, Duration heartbeatSilence,
                                             Duration heartbeatTimeout, double cacheFreePercent) {
        List<HealthReason> reasons = new ArrayList<>();
        if (rpoSeconds != null && rpoSeconds > rpoThresholdMinutes * 60L) {
            reasons.add(new HealthReason(HealthReason.RPO_THRESHOLD_EXCEEDED, Health.CRITICAL,
                    "RPO of " + rpoSeconds + " s is above the policy's threshold of " + rpoThresholdMinutes
                            + " minute(s)"));
        }
        if (heartbeatSilence.compareTo(heartbeatTimeout) > 0) {
            reasons.add(new HealthReason(HealthReason.NO_HEARTBEAT, Health.CRITICAL,
                    "no heartbeat from the agent for " + heartbeatSilence.toSeconds() + " s (timeout "
                            + heartbeatTimeout.toSeconds() + " s)"));
        }
        if (initialReplication) {
            reasons.add(new HealthReason(HealthReason.INITIAL_REPLICATION, Health.WARNING,
                    "initial replication in progress (" + initialPercent + " %): no recovery point yet"));
        }
        if (cacheFreePercent < CACHE_FREE_CRITICAL_PERCENT) {
            reasons.add(new HealthReason(HealthReason.CACHE_NEARLY_FULL, Health.CRITICAL,
                    "the process server's cache has " + Math.round(cacheFreePercent) + " % free (critical below "
                            + (int) CACHE_FREE_CRITICAL_PERCENT + " %)"));
        } else if (cacheFreePercent < CACHE_FREE_WARNING_PERCENT) {
            reasons.add(new HealthReason(HealthReason.CACHE_NEARLY_FULL, Health.WARNING,
                    "the process server's cache has " + Math.round(cacheFreePercent) + " % free (warning below "
                            + (int) CACHE_FREE_WARNING_PERCENT + " %)"));
        }
        return reasons;
    }

    /**
     * A disk the process server keeps failing on (its upload or its apply), in the stage's words: Critical,
     * since nothing of the disk gets to Azure, or no recovery point is taken, until it is fixed.
     */
    public static HealthReason diskFailing(String diskPath, String stageFailure) {
        return new HealthReason(HealthReason.DISK_REPLICATION_FAILING, Health.CRITICAL,
                "disk " + diskPath + ": " + stageFailure);
    }

    public static Health health(List<HealthReason> reasons) {
        return reasons.stream().map(HealthReason::health).reduce(Health.NORMAL, Health::worse);
    }
}
