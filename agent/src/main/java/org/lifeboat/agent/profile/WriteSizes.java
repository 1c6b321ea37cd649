package org.lifeboat.agent.profile;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A histogram of write sizes in powers of two: 512 B, 1 KiB, ... up to 1 MiB and more. A write of
 * {@code n} bytes counts in the largest bucket whose lower bound is at most {@code n}, so 4 KiB
 * writes all count under 4096. Not thread-safe: its {@link DiskChurn} guards it.
 */
final class WriteSizes {

    static final int SMALLEST = 512;
    static final int BUCKETS = 12; // 512 B .. 1 MiB

    private final long[] counts = new long[BUCKETS];

    void record(long bytes) {
        counts[bucket(bytes)]++;
    }

    static int bucket(long bytes) {
        if (bytes < SMALLEST) {
            return 0;
        }
        int log = 63 - Long.numberOfLeadingZeros(bytes / SMALLEST);
        return Math.min(BUCKETS - 1, log);
    }

    static long lowerBound(int bucket) {
        return (long) SMALLEST << bucket;
    }

    /** Writes per bucket, by each bucket's lower bound in bytes, every bucket present. */
    Map<Long, Long> counts() {
        Map<Long, Long> byBound = new LinkedHashMap<>();
        for (int i = 0; i < BUCKETS; i++) {
            byBound.put(lowerBound(i), counts[i]);
        }
        return byBound;
    }
}
