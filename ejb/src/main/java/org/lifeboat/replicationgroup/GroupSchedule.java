package org.lifeboat.replicationgroup;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.logging.Logger;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.EJB;
import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import org.lifeboat.policy.ReplicationPolicy;
import org.lifeboat.protocol.Consistency;

/**
 * Starts each group's rounds on its policy's schedule: app-consistent every {@code appConsistentFrequencyHours}
 * (when on), else crash-consistent every {@code crashConsistentFrequencyMinutes}. Checked every minute; a group
 * first seen waits one period, as an agent's own schedule does. A round that cannot start (one runs, a member
 * does not replicate) is tried again at the next check.
 */
@Singleton
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
public class GroupSchedule {

    private static final Logger LOG = Logger.getLogger(GroupSchedule.class.getName());

    @EJB
    private ReplicationGroupRepository groups;

    @EJB
    private GroupRounds rounds;

    private final Map<String, Instant> lastCrashConsistent = new HashMap<>();
    private final Map<String, Instant> lastAppConsistent = new HashMap<>();
    private final Map<String, String> lastRefusal = new HashMap<>();

    @Schedule(hour = "*", minute = "*", persistent = false, info = "replication group rounds")
    public synchronized void startDueRounds() {
        Instant now = Instant.now();
        for (ReplicationGroup group : groups.all()) {
            ReplicationPolicy policy = group.getPolicy();
            String name = group.getName();
            Instant crash = lastCrashConsistent.computeIfAbsent(name, n -> now);
            Instant app = lastAppConsistent.computeIfAbsent(name, n -> now);
            Consistency due = null;
            if (isDue(policy.getAppConsistentFrequencyMinutes(), app, now)) {
                due = Consistency.APP_CONSISTENT;
            } else if (isDue(policy.getCrashConsistentFrequencyMinutes(), crash, now)) {
                due = Consistency.CRASH_CONSISTENT;
            }
            if (due == null) {
                continue;
            }
            try {
                rounds.start(name, due, GroupRounds.DEFAULT_HOLD);
                lastCrashConsistent.put(name, now);
                if (due == Consistency.APP_CONSISTENT) {
                    lastAppConsistent.put(name, now);
                }
                lastRefusal.remove(name);
            } catch (RuntimeException e) {
                String reason = String.valueOf(e.getMessage());
                if (!reason.equals(lastRefusal.put(name, reason))) {
                    LOG.warning(() -> "Scheduled round of replication group '" + name + "' not started: " + reason);
                }
            }
        }
    }

    private static boolean isDue(int frequencyMinutes, Instant last, Instant now) {
        return frequencyMinutes > 0 && !now.isBefore(last.plus(Duration.ofMinutes(frequencyMinutes)));
    }
}
