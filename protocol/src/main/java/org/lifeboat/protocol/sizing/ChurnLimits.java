package org.lifeboat.protocol.sizing;

import java.time.Duration;

/**
 * The limits a profiled churn is judged against: Azure Site Recovery's documented VMware limits
 * (per-disk peak churn 10 MB/s on a standard-like and 20 MB/s on a premium-like target disk,
 * 54 MB/s per machine, 2 TB of churn a day per process server), how long a peak the process
 * server's cache should absorb while the upload to Azure stalls, and the pipeline's own delays
 * that every RPO includes (the agent's pass pause and the cache's segment seal age).
 *
 * @param standardDiskPeak       bytes/s one disk may churn at peak on a standard-like target
 * @param premiumDiskPeak        bytes/s one disk may churn at peak on a premium-like target
 * @param machinePeak            bytes/s all disks of one machine may churn together at peak
 * @param processServerDailyBytes churn one process server carries a day
 * @param cacheWindow            how long writes at peak are held in the cache when the upload stalls
 * @param passInterval           the agent's rest between passes (its default pass pause)
 * @param sealAge                the oldest a cache segment gets before it is sealed and uploaded
 */
public record ChurnLimits(long standardDiskPeak, long premiumDiskPeak, long machinePeak,
                          long processServerDailyBytes, Duration cacheWindow, Duration passInterval,
                          Duration sealAge) {

    public static final long MB = 1_000_000L;

    public static final ChurnLimits ASR = new ChurnLimits(10 * MB, 20 * MB, 54 * MB, 2_000_000 * MB,
            Duration.ofHours(1), Duration.ofSeconds(1), Duration.ofSeconds(2));
}
