package org.lifeboat.policy;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;

/**
 * How a protected item is replicated, with ASR's fields: when RPO is too high, how long recovery
 * points are kept, and how often the agent takes crash- and app-consistent bookmarks.
 */
@Entity
@Table(name = "REPLICATION_POLICY")
@NamedQuery(name = ReplicationPolicy.ALL, query = "SELECT p FROM ReplicationPolicy p ORDER BY p.name")
public class ReplicationPolicy {

    public static final String DEFAULT = "default";
    public static final String ALL = "ReplicationPolicy.all";

    @Id
    @Column(length = 64)
    private String name;

    private int rpoThresholdMinutes;
    private int retentionHours;
    /** 0 means off. Kept in minutes, the unit agents schedule in; the API speaks hours, as ASR does. */
    private int appConsistentFrequencyMinutes;
    private int crashConsistentFrequencyMinutes;

    protected ReplicationPolicy() {
        // for JPA
    }

    public ReplicationPolicy(PolicyName name, PolicySettings settings) {
        this.name = name.value();
        change(settings);
    }

    static ReplicationPolicy defaults() {
        return new ReplicationPolicy(new PolicyName(DEFAULT), PolicySettings.DEFAULTS);
    }

    /** Takes new settings; agents and schedules read the policy each time, so they follow without a restart. */
    void change(PolicySettings settings) {
        this.rpoThresholdMinutes = settings.rpoThresholdMinutes();
        this.retentionHours = settings.retentionHours();
        this.appConsistentFrequencyMinutes = settings.appConsistentFrequencyHours() * 60;
        this.crashConsistentFrequencyMinutes = settings.crashConsistentFrequencyMinutes();
    }

    public PolicySettings settings() {
        return new PolicySettings(rpoThresholdMinutes, retentionHours, appConsistentFrequencyMinutes / 60,
                crashConsistentFrequencyMinutes);
    }

    public String getName() {
        return name;
    }

    public int getRpoThresholdMinutes() {
        return rpoThresholdMinutes;
    }

    public int getRetentionHours() {
        return retentionHours;
    }

    public int getAppConsistentFrequencyMinutes() {
        return appConsistentFrequencyMinutes;
    }

    public int getCrashConsistentFrequencyMinutes() {
        return crashConsistentFrequencyMinutes;
    }
}
