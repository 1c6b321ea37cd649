package org.lifeboat.monitoring;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.management.JMException;
import javax.management.ObjectName;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.EJB;
import jakarta.ejb.Singleton;
import org.lifeboat.connector.ReplicationPortMXBean;
import org.lifeboat.processserver.ProcessServerMonitor;

/**
 * Turns the process server's byte counters into rates: each {@link #sample()} (one per monitoring tick)
 * divides what the counters grew by the time since the previous sample. Between samples every reader
 * sees the same rates, so REST, JMX and metrics agree.
 */
@Singleton
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
public class ThroughputSampler {

    @EJB
    private ProcessServerMonitor processServer;

    private Instant lastAt;
    private long lastIngested;
    private long lastUploaded;
    private Map<String, Long> lastByDisk = Map.of();

    private volatile Rates rates = new Rates(0, 0, Map.of(), null);

    /** The fastest rates of each minute over the last 6 hours, oldest first: the dashboard's chart (memory only). */
    private final Deque<Minute> minutes = new ArrayDeque<>();

    /** The highest ingest and upload rates sampled in the minute starting at {@code minute}. */
    public record Minute(Instant minute, long ingestBytesPerSecond, long uploadBytesPerSecond) {
    }

    /** Rates in bytes per second over the last window; {@code sampledAt} null before two samples. */
    public record Rates(long ingestBytesPerSecond, long uploadBytesPerSecond, Map<String, Long> uploadByDisk,
                        Instant sampledAt) {
        public long uploadOf(String diskId) {
            return uploadByDisk.getOrDefault(diskId, 0L);
        }
    }

    public synchronized Rates sample() {
        Instant now = Instant.now();
        long ingested = ingestedBytes();
        // leaving local disk for Azure either way: uploaded to the cache container or applied directly
        long uploaded = processServer.getUploadedSourceBytes() + processServer.getDirectlyAppliedBytes();
        Map<String, Long> byDisk = processServer.durableSourceBytesByDisk();
        if (lastAt != null) {
            double seconds = Math.max(0.001, Duration.between(lastAt, now).toMillis() / 1000.0);
            Map<String, Long> diskRates = new HashMap<>();
            byDisk.forEach((disk, bytes) -> diskRates.put(disk,
                    perSecond(bytes - lastByDisk.getOrDefault(disk, 0L), seconds)));
            rates = new Rates(perSecond(ingested - lastIngested, seconds), perSecond(uploaded - lastUploaded, seconds),
                    Map.copyOf(diskRates), now);
            remember(rates, now);
        }
        lastAt = now;
        lastIngested = ingested;
        lastUploaded = uploaded;
        lastByDisk = byDisk;
        return rates;
    }

    public Rates rates() {
        return rates;
    }

    /** The rates of the last 6 hours, a minute each (its fastest sample), oldest first. */
    public synchronized List<Minute> history() {
        return List.copyOf(minutes);
    }

    void remember(Rates sampled, Instant now) {
        Instant minute = now.truncatedTo(ChronoUnit.MINUTES);
        Minute last = minutes.peekLast();
        if (last != null && last.minute().equals(minute)) {
            minutes.pollLast();
            minutes.addLast(new Minute(minute, Math.max(last.ingestBytesPerSecond(), sampled.ingestBytesPerSecond()),
                    Math.max(last.uploadBytesPerSecond(), sampled.uploadBytesPerSecond())));
        } else {
            minutes.addLast(new Minute(minute, sampled.ingestBytesPerSecond(), sampled.uploadBytesPerSecond()));
        }
        while (minutes.peekFirst().minute().isBefore(now.minus(RpoHistory.KEPT))) {
            minutes.pollFirst();
        }
    }

    private static long perSecond(long delta, double seconds) {
        return Math.max(0, Math.round(delta / seconds));
    }

    /** The replication port's counter lives in the resource adapter; read it through its MBean. */
    static long ingestedBytes() {
        try {
            return (Long) ManagementFactory.getPlatformMBeanServer()
                    .getAttribute(new ObjectName(ReplicationPortMXBean.OBJECT_NAME), "BytesReceived");
        } catch (JMException | RuntimeException e) {
            return 0;
        }
    }

    static int openConnections() {
        try {
            return (Integer) ManagementFactory.getPlatformMBeanServer()
                    .getAttribute(new ObjectName(ReplicationPortMXBean.OBJECT_NAME), "OpenConnections");
        } catch (JMException | RuntimeException e) {
            return 0;
        }
    }
}
