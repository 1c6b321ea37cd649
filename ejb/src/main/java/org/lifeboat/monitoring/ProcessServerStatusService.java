package org.lifeboat.monitoring;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import org.lifeboat.connector.ReplicationSettings;
import org.lifeboat.fabric.ServerIdentity;

/** Measures the built-in process server: its cache on disk, and the rates {@link ThroughputSampler} keeps. */
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

    /**
     * The figures of a cache at {@code cache}; a cache that cannot be read is reported as a Critical
     * reason with nothing free, never as an empty cache with unlimited room.
     */
    static ProcessServerStatus status(Path cache, long capacityBytes, String replicationAddress, Instant heartbeatAt,
                                      ThroughputSampler.Rates rates, int connectedAgents) {
        long used = 0;
        long backlog = 0;
        double freePercent = 0;
        List<HealthReason> reasons = new ArrayList<>();
        try {
            used = bytesUnder(cache, "");
            backlog = bytesUnder(cache, ".seg");
            freePercent = ProcessServerStatus.freePercent(capacityBytes, used, usableSpace(cache));
        } catch (IOException | RuntimeException e) {
            reasons.add(new HealthReason(HealthReason.CACHE_UNREADABLE, Health.CRITICAL,
                    "cannot read the process server's cache at " + cache + " (" + e + "): its use and free space are "
                            + "unknown, and agents' data may not be journaled"));
        }
        return new ProcessServerStatus(ProcessServerStatus.BUILT_IN, replicationAddress, heartbeatAt, capacityBytes,
                used, freePercent, backlog, ProcessServerStatus.drainSeconds(backlog, rates.uploadBytesPerSecond()),
                rates.ingestBytesPerSecond(), rates.uploadBytesPerSecond(), connectedAgents, reasons);
    }

    /** Bytes of the files under root whose names end so; the backlog is the open and sealed segments. */
    static long bytesUnder(Path root, String suffix) throws IOException {
        if (!Files.exists(root)) {
            return 0; // nothing journaled yet: the replication port creates it
        }
        if (!Files.isDirectory(root)) {
            throw new NotDirectoryException(root.toString());
        }
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(f -> f.getFileName().toString().endsWith(suffix)).filter(Files::isRegularFile)
                    .mapToLong(ProcessServerStatusService::sizeOrZero).sum();
        } catch (UncheckedIOException e) {
            if (e.getCause() instanceof NoSuchFileException) {
                return bytesUnder(root, suffix); // a file went while we walked: once more
            }
            throw e.getCause();
        }
    }

    private static long sizeOrZero(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return 0; // uploaded and deleted while we looked
        }
    }

    private static long usableSpace(Path root) throws IOException {
        return Files.getFileStore(Files.isDirectory(root) ? root : root.getParent()).getUsableSpace();
    }
}
