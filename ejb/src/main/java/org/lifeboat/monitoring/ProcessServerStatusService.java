package org.lifeboat.monitoring;

import java.nio.file.Path;
import java.time.Instant;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import org.lifeboat.connector.ReplicationSettings;
import org.lifeboat.fabric.ServerIdentity;

/** Measures the built-in process server: its cache on disk ({@link ProcessServerMeasurement}), and the rates {@link ThroughputSampler} keeps. */
@Stateless
public class ProcessServerStatusService {

    @EJB
    private ThroughputSampler throughput;

    @EJB
    private HealthHeartbeat heartbeat;

    @Inject
    private ServerIdentity server;

    public ProcessServerStatus status() {
        ReplicationSettings settings = ReplicationSettings.fromConfig();
        ThroughputSampler.Rates rates = throughput.rates();
        Instant heartbeatAt = heartbeat.last().map(TimerHeartbeat::getLastFiredAt).orElse(null);
        return status(settings.cacheDirectory(), settings.cacheCapacityBytes(), server.replicationAddress(),
                heartbeatAt, rates, ThroughputSampler.openConnections());
    }

    static ProcessServerStatus status(Path cache, long capacityBytes, String replicationAddress, Instant heartbeatAt,
                                      ThroughputSampler.Rates rates, int connectedAgents) {
        return ProcessServerMeasurement.measure(ProcessServerStatus.BUILT_IN, cache, capacityBytes, replicationAddress,
                heartbeatAt, rates.ingestBytesPerSecond(), rates.uploadBytesPerSecond(), connectedAgents);
    }
}
