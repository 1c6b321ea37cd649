package org.lifeboat.agent.tracking.trace;

import java.nio.file.Path;
import java.time.Duration;

/**
 * How the agent traces block writes.
 *
 * @param enabled  false to scan every disk (the {@code scan} tracker); true to trace what can be traced
 * @param bufferKb     per-CPU ring buffer of the agent's tracefs instance
 * @param drainTimeout longest wait for the reader to reach a marker before the trace counts as broken
 * @param gapScanBytesPerSecond read rate of the full scan compare after a gap (0: unpaced)
 * @param refreshBytesPerSecond read rate of the hash refresh in a quiet disk's idle time (0: no refresh);
 *                              see {@link org.lifeboat.agent.tracking.HashRefresh}
 */
public record TraceSettings(boolean enabled, int bufferKb, Path tracefs, Path sysfs, Duration drainTimeout,
                            long gapScanBytesPerSecond, long refreshBytesPerSecond) {

    public static final TraceSettings DEFAULT = new TraceSettings(true, 4096, Path.of("/sys/kernel/tracing"),
            Path.of("/sys"), Duration.ofSeconds(30), 200L << 20, 16L << 20);

    public TraceSettings withEnabled(boolean traced) {
        return new TraceSettings(traced, bufferKb, tracefs, sysfs, drainTimeout, gapScanBytesPerSecond, refreshBytesPerSecond);
    }

    public TraceSettings withBufferKb(int kb) {
        return new TraceSettings(enabled, kb, tracefs, sysfs, drainTimeout, gapScanBytesPerSecond, refreshBytesPerSecond);
    }

    public TraceSettings withGapScanBytesPerSecond(long rate) {
        return new TraceSettings(enabled, bufferKb, tracefs, sysfs, drainTimeout, rate, refreshBytesPerSecond);
    }

    public TraceSettings withRefreshBytesPerSecond(long rate) {
        return new TraceSettings(enabled, bufferKb, tracefs, sysfs, drainTimeout, gapScanBytesPerSecond, rate);
    }
}
