package org.lifeboat.profile;

import org.lifeboat.protocol.sizing.ChurnLimits;
import org.lifeboat.protocol.sizing.DiskFit;

/** One disk of an uploaded churn profile: the figures the sizing uses. */
public record ProfiledDisk(String disk, long sizeBytes, long writes, long bytesWritten, long averageBytesPerSecond,
                           long peakBytesPerSecond, double touchedShare) {

    /** Judged by the server's limits, whatever the agent concluded. */
    public DiskFit fit(ChurnLimits limits) {
        return DiskFit.of(peakBytesPerSecond, limits);
    }
}
