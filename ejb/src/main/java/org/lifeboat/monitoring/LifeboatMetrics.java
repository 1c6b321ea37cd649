package org.lifeboat.monitoring;

import java.util.HashSet;
import java.util.Set;
import java.util.function.ToLongFunction;
import java.util.logging.Level;
import java.util.logging.Logger;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.EJB;
import jakarta.ejb.Singleton;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricID;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;

/**
 * MicroProfile Metrics gauges for Prometheus ({@code /metrics?scope=application}): per protected item
 * (tag {@code item}) RPO, pending bytes, throughput and health, and the process server's cache and
 * rates. Each gauge reads the same services as REST and JMX when scraped. An RPO not known yet is -1.
 */
@Singleton
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
public class LifeboatMetrics {

    private static final Logger LOG = Logger.getLogger(LifeboatMetrics.class.getName());
    static final String ITEM_RPO = "lifeboat_item_rpo_seconds";
    static final String ITEM_PENDING = "lifeboat_item_pending_bytes";
    static final String ITEM_THROUGHPUT = "lifeboat_item_throughput_bytes_per_second";
    static final String ITEM_HEALTH = "lifeboat_item_health";
    static final String ITEM_INITIAL = "lifeboat_item_initial_replication_percent";
    private static final String[] ITEM_GAUGES = {ITEM_RPO, ITEM_PENDING, ITEM_THROUGHPUT, ITEM_HEALTH, ITEM_INITIAL};

    @Inject
    private Instance<MetricRegistry> registries;

    @EJB
    private ItemStatusService statuses;

    @EJB
    private ProcessServerStatusService processServer;

    private MetricRegistry registry;
    private final Set<String> items = new HashSet<>();

    @PostConstruct
    void registerProcessServerGauges() {
        try {
            registry = registries.isResolvable() ? registries.get() : null;
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "MicroProfile Metrics unavailable: {0}", e.getMessage());
        }
        if (registry == null) {
            return;
        }
        processServerGauge("lifeboat_processserver_cache_used_bytes", "Bytes in the process server's cache",
                s -> s.cacheUsedBytes());
        processServerGauge("lifeboat_processserver_cache_capacity_bytes", "The cache's capacity",
                s -> s.cacheCapacityBytes());
        processServerGauge("lifeboat_processserver_cache_free_percent", "Free share of the cache, in percent",
                s -> Math.round(s.cacheFreePercent()));
        processServerGauge("lifeboat_processserver_upload_backlog_bytes", "Data waiting for upload to Azure",
                s -> s.uploadBacklogBytes());
        processServerGauge("lifeboat_processserver_ingest_bytes_per_second", "Bytes received from agents per second",
                s -> s.ingestBytesPerSecond());
        processServerGauge("lifeboat_processserver_upload_bytes_per_second", "Source bytes uploaded per second",
                s -> s.uploadBytesPerSecond());
    }

    private void processServerGauge(String name, String description, ToLongFunction<ProcessServerStatus> figure) {
        registry.gauge(Metadata.builder().withName(name).withDescription(description).build(),
                () -> figure.applyAsLong(processServer.status()),
                new Tag("processServer", ProcessServerStatus.BUILT_IN));
    }

    /** Adds the gauges of new items and removes those of items that went. */
    public synchronized void reconcile(Set<String> current) {
        if (registry == null) {
            return;
        }
        for (String item : Set.copyOf(items)) {
            if (!current.contains(item)) {
                for (String gauge : ITEM_GAUGES) {
                    registry.remove(new MetricID(gauge, new Tag("item", item)));
                }
                items.remove(item);
            }
        }
        for (String item : current) {
            if (items.add(item)) {
                Tag tag = new Tag("item", item);
                registry.gauge(meta(ITEM_RPO, "RPO in seconds (-1 until known)"),
                        () -> rpo(item), tag);
                registry.gauge(meta(ITEM_PENDING, "Bytes the agent still has to send"),
                        () -> figure(item, ItemStatus::pendingBytes), tag);
                registry.gauge(meta(ITEM_THROUGHPUT, "Source bytes uploaded to Azure per second"),
                        () -> figure(item, ItemStatus::throughputBytesPerSecond), tag);
                registry.gauge(meta(ITEM_HEALTH, "0 Normal, 1 Warning, 2 Critical"),
                        () -> figure(item, s -> s.health().ordinal()), tag);
                registry.gauge(meta(ITEM_INITIAL, "Initial replication progress in percent"),
                        () -> figure(item, ItemStatus::initialPercent), tag);
            }
        }
    }

    private long rpo(String item) {
        return figure(item, s -> s.rpoSeconds() == null ? -1 : s.rpoSeconds());
    }

    private long figure(String item, ToLongFunction<ItemStatus> figure) {
        try {
            return figure.applyAsLong(statuses.status(item));
        } catch (RuntimeException e) {
            return -1; // the item went between two ticks
        }
    }

    private static Metadata meta(String name, String description) {
        return Metadata.builder().withName(name).withDescription(description).build();
    }

    @PreDestroy
    synchronized void removeAll() {
        if (registry != null) {
            registry.removeMatching((id, metric) -> id.getName().startsWith("lifeboat_"));
        }
        items.clear();
    }
}
