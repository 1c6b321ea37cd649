package org.lifeboat.monitoring;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
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
        ReplicationSettings settings = ReplicationSettings.fromSystemProperties();
        Path cache = settings.cacheDirectory();
        long used = bytesUnder(cache, "");
        long backlog = bytesUnder(cache, ".seg");
        long usable = usableSpace(cache);
        ThroughputSampler.Rates rates = throughput.rates();
        Instant heartbeatAt = heartbeat.last().map(TimerHeartbeat::getLastFiredAt).orElse(null);
        return new ProcessServerStatus(ProcessServerStatus.BUILT_IN, server.replicationAddress(), heartbeatAt,
                settings.cacheCapacityBytes(), used,
                ProcessServerStatus.freePercent(settings.cacheCapacityBytes(), used, usable), backlog,
                ProcessServerStatus.drainSeconds(backlog, rates.uploadBytesPerSecond()), rates.ingestBytesPerSecond(),
                rates.uploadBytesPerSecond(), ThroughputSampler.openConnections());
    }

    /** Bytes of the files under root whose names end so; the backlog is the open and sealed segments. */
    static long bytesUnder(Path root, String suffix) {
        if (!Files.isDirectory(root)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(f -> f.getFileName().toString().endsWith(suffix)).filter(Files::isRegularFile).mapToLong(ProcessServerStatusService::sizeOrZero).sum();
        } catch (IOException | UncheckedIOException e) {
            return 0; // a file went while we walked; the next tick measures again
        }
    }

    private static long sizeOrZero(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return 0; // uploaded and deleted while we looked
        }
    }

    private static long usableSpace(Path root) {
        try {
            return Files.getFileStore(Files.isDirectory(root) ? root : root.getParent()).getUsableSpace();
        } catch (IOException | RuntimeException e) {
            return Long.MAX_VALUE;
        }
    }
}
