package org.lifeboat.protocol.sizing;

/**
 * What a churn needs, for one machine or for many added up.
 * <ul>
 * <li>process servers: the daily churn ({@code average × 86,400 s}) over one process server's daily
 *     capacity, rounded up, at least one;</li>
 * <li>cache: the peak held for the cache window ({@code peak × window}): what the process server
 *     must buffer if the upload to Azure stalls through a peak hour;</li>
 * <li>bandwidth: the peak minute's rate in bits ({@code peak × 8}), so that a peak does not build a
 *     backlog;</li>
 * <li>RPO at peak: the pass interval and the seal age, plus the time one pass's writes take to
 *     upload ({@code peak × pass / uplink}), plus the backlog a peak minute above the uplink leaves
 *     ({@code max(0, peak − uplink) × 60 s / uplink}).</li>
 * </ul>
 *
 * @param uplinkBytesPerSecond the upload rate the RPO assumes: the one given, or the recommended bandwidth
 * @param fitsMachineLimit     whether the peak is within the per-machine limit
 */
public record Sizing(long averageBytesPerSecond, long peakBytesPerSecond, boolean fitsMachineLimit,
                     int processServers, long cacheBytes, long bandwidthBitsPerSecond,
                     long uplinkBytesPerSecond, double rpoSeconds) {

    private static final long DAY_SECONDS = 86_400;
    private static final long MINUTE_SECONDS = 60;

    /**
     * @param uplinkBytesPerSecond the machine's upload rate to Azure, or 0 to assume the recommended bandwidth
     */
    public static Sizing of(long averageBytesPerSecond, long peakBytesPerSecond, long uplinkBytesPerSecond,
                            ChurnLimits limits) {
        if (averageBytesPerSecond < 0 || peakBytesPerSecond < 0 || uplinkBytesPerSecond < 0) {
            throw new IllegalArgumentException("churn and uplink rates cannot be negative");
        }
        long daily = Math.multiplyExact(averageBytesPerSecond, DAY_SECONDS);
        int processServers = (int) Math.max(1, ceilDiv(daily, limits.processServerDailyBytes()));
        long cache = Math.multiplyExact(peakBytesPerSecond, limits.cacheWindow().toSeconds());
        long bandwidth = Math.multiplyExact(peakBytesPerSecond, 8L);
        long uplink = uplinkBytesPerSecond > 0 ? uplinkBytesPerSecond : Math.max(1, peakBytesPerSecond);
        double pass = limits.passInterval().toMillis() / 1000.0;
        double rpo = pass + limits.sealAge().toMillis() / 1000.0
                + (double) peakBytesPerSecond * pass / uplink
                + (double) Math.max(0, peakBytesPerSecond - uplink) * MINUTE_SECONDS / uplink;
        return new Sizing(averageBytesPerSecond, peakBytesPerSecond, peakBytesPerSecond <= limits.machinePeak(),
                processServers, cache, bandwidth, uplink, Math.round(rpo * 10) / 10.0);
    }

    private static long ceilDiv(long dividend, long divisor) {
        return (dividend + divisor - 1) / divisor;
    }
}
