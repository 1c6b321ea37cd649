package org.lifeboat.policy;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * How a protected item is replicated, with ASR's fields: when RPO is too high, how long recovery
 * points are kept, and how often the agent takes crash- and app-consistent bookmarks.
 */
@Entity
@Table(name = "REPLICATION_POLICY")
public class ReplicationPolicy {

    public static final String DEFAULT = "default";

    @Id
    @Column(length = 64)
    private String name;

    private int rpoThresholdMinutes;
    private int retentionHours;
    /** 0 means off. */
    private int appConsistentFrequencyMinutes;
    private int crashConsistentFrequencyMinutes;

    protected ReplicationPolicy() {
        // for JPA
    }

    public ReplicationPolicy(String name, int rpoThresholdMinutes, int retentionHours,
                             int appConsistentFrequencyMinutes, int crashConsistentFrequencyMinutes) {
        this.name = name;
        this.rpoThresholdMinutes = rpoThresholdMinutes;
        this.retentionHours = retentionHours;
        this.appConsistentFrequencyMinutes = appConsistentFrequencyMinutes;
        this.crashConsistentFrequencyMinutes = crashConsistentFrequencyMinutes;
    }

    void change(int rpoThresholdMinutes, int retentionHours, int appConsistentFrequencyMinutes,
                int crashConsistentFrequencyMinutes) {
        this.rpoThresholdMinutes = rpoThresholdMinutes;
        this.retentionHours = retentionHours;
        this.appConsistentFrequencyMinutes = appConsistentFrequencyMinutes;
        this.crashConsistentFrequencyMinutes = crashConsistentFrequencyMinutes;
    }

    /** ASR's defaults, with app-consistent points off until pre-freeze scripts are configured. */
    static ReplicationPolicy defaults() {
        return new ReplicationPolicy(DEFAULT, 30, 24, 0, 5);
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
