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

/**
 * A process server's figures from its cache on disk and its rates: the built-in one's
 * ({@link ProcessServerStatusService}) and a scale-out one's, which it measures itself and sends in its heartbeat.
 * No EJB, so the process-server WAR can carry it.
 */
public final class ProcessServerMeasurement {

    private ProcessServerMeasurement() {
    }

    /**
     * The figures of a cache at {@code cache}; a cache that cannot be read is reported as a Critical
     * reason with nothing free, never as an empty cache with unlimited room.
     */
    public static ProcessServerStatus measure(String name, Path cache, long capacityBytes, String replicationAddress,
                                              Instant heartbeatAt, long ingestBytesPerSecond,
                                              long uploadBytesPerSecond, int connectedAgents) {
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
        return new ProcessServerStatus(name, replicationAddress, heartbeatAt, capacityBytes,
                used, freePercent, backlog, ProcessServerStatus.drainSeconds(backlog, uploadBytesPerSecond),
                ingestBytesPerSecond, uploadBytesPerSecond, connectedAgents, reasons);
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
                    .mapToLong(ProcessServerMeasurement::sizeOrZero).sum();
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
