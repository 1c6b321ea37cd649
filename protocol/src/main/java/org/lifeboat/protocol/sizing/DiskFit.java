package org.lifeboat.protocol.sizing;

/** Whether one disk's peak churn fits the per-disk limits. */
public enum DiskFit {

    /** Within the standard-like limit: any target disk carries it. */
    STANDARD("fits (standard or premium target disk)"),
    /** Above the standard-like limit, within the premium-like one. */
    PREMIUM("fits only a premium target disk"),
    /** Above both: replication would fall behind at peak. */
    EXCEEDS("exceeds the per-disk limit");

    private final String text;

    DiskFit(String text) {
        this.text = text;
    }

    public static DiskFit of(long peakBytesPerSecond, ChurnLimits limits) {
        if (peakBytesPerSecond <= limits.standardDiskPeak()) {
            return STANDARD;
        }
        return peakBytesPerSecond <= limits.premiumDiskPeak() ? PREMIUM : EXCEEDS;
    }

    public String text() {
        return text;
    }
}
