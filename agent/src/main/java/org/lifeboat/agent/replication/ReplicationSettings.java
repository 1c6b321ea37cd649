package org.lifeboat.agent.replication;

import java.time.Duration;

import org.lifeboat.agent.tracking.trace.TraceSettings;

/**
 * The replication engine's timing and memory bounds.
 *
 * @param passPause          rest between scan passes
 * @param windowBytes        unacknowledged data per disk before its scanner waits
 * @param checkpointInterval how often acknowledged maps are persisted
 * @param firstBackoff       wait after the first failed connection; doubles per failure
 * @param maxBackoff         the longest wait between connection attempts
 * @param connectTimeout     connect, TLS, HELLO and RESUME together
 * @param idleHeartbeat      a HEARTBEAT frame goes out after this long without sending anything
 * @param silenceLimit       the connection is taken for dead after this long without any frame
 * @param diskRetry          wait before opening a disk again after it failed
 * @param trace              whether and how block writes are traced instead of scanned for
 */
public record ReplicationSettings(Duration passPause, long windowBytes, Duration checkpointInterval,
                                  Duration firstBackoff, Duration maxBackoff, Duration connectTimeout,
                                  Duration idleHeartbeat, Duration silenceLimit, Duration diskRetry,
                                  TraceSettings trace) {

    public static final ReplicationSettings DEFAULT = new ReplicationSettings(Duration.ofSeconds(1), 64L << 20,
            Duration.ofSeconds(5), Duration.ofSeconds(1), Duration.ofSeconds(30), Duration.ofSeconds(15),
            Duration.ofSeconds(15), Duration.ofSeconds(60), Duration.ofSeconds(30), TraceSettings.DEFAULT);

    /** Settings with the default tracing (the trace tracker wherever it can run). */
    public ReplicationSettings(Duration passPause, long windowBytes, Duration checkpointInterval, Duration firstBackoff,
                               Duration maxBackoff, Duration connectTimeout, Duration idleHeartbeat,
                               Duration silenceLimit, Duration diskRetry) {
        this(passPause, windowBytes, checkpointInterval, firstBackoff, maxBackoff, connectTimeout, idleHeartbeat,
                silenceLimit, diskRetry, TraceSettings.DEFAULT);
    }

    public ReplicationSettings withTrace(TraceSettings traceSettings) {
        return new ReplicationSettings(passPause, windowBytes, checkpointInterval, firstBackoff, maxBackoff,
                connectTimeout, idleHeartbeat, silenceLimit, diskRetry, traceSettings);
    }
}
