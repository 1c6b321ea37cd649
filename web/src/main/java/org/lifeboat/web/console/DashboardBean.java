package org.lifeboat.web.console;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import jakarta.annotation.PostConstruct;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import org.lifeboat.event.EventRepository;
import org.lifeboat.job.JobFilter;
import org.lifeboat.job.JobState;
import org.lifeboat.job.JobRepository;
import org.lifeboat.monitoring.CachedHealth;
import org.lifeboat.monitoring.HealthReport;
import org.lifeboat.monitoring.ProcessServerStatusService;
import org.lifeboat.vault.VaultCatalog;
import org.lifeboat.web.api.EventDto;
import org.lifeboat.web.api.JobDto;
import org.lifeboat.web.api.ProcessServerResource.ProcessServerDto;
import org.lifeboat.web.api.ProtectedItemDtos;
import org.lifeboat.web.api.ProtectedItemViews;

/**
 * The dashboard: the server's parts, the items by health with their reasons, open alerts, running jobs, the
 * process server, and the vault's state; read per request (the page polls), the same data the API serves.
 */
@Named("dashboard")
@RequestScoped
public class DashboardBean {

    /** Running or waiting: what an operator watches. */
    private static final List<JobState> ACTIVE_JOBS = List.of(JobState.RUNNING, JobState.QUEUED, JobState.SUSPENDED);

    @EJB
    private CachedHealth health;

    @Inject
    private ProtectedItemViews items;

    @EJB
    private EventRepository events;

    @EJB
    private JobRepository jobs;

    @EJB
    private ProcessServerStatusService processServers;

    @EJB
    private VaultCatalog vault;

    private HealthReport report;
    private List<ProtectedItemDtos.Item> all;

    @PostConstruct
    void read() {
        report = health.current();
        all = items.all();
    }

    public HealthReport getReport() {
        return report;
    }

    public List<ProtectedItemDtos.Item> getItems() {
        return all;
    }

    /** How many items are in a health (Normal, Warning, Critical, as the API spells them). */
    public record HealthCount(String health, long items) {
    }

    /** The healths the items are in, worst first. */
    public List<HealthCount> getItemsByHealth() {
        Map<String, Long> counts = all.stream().collect(
                Collectors.groupingBy(ProtectedItemDtos.Item::health, TreeMap::new, Collectors.counting()));
        return List.of("Critical", "Warning", "Normal").stream().filter(counts::containsKey)
                .map(health -> new HealthCount(health, counts.get(health))).toList();
    }

    /** The items that are not Normal, with the reasons why. */
    public List<ProtectedItemDtos.Item> getUnhealthyItems() {
        return all.stream().filter(i -> !"Normal".equals(i.health())).toList();
    }

    public List<EventDto> getOpenAlerts() {
        return events.find(null, null, Boolean.TRUE, 50).stream().map(EventDto::of).toList();
    }

    public List<JobDto> getActiveJobs() {
        return ACTIVE_JOBS.stream().flatMap(state -> jobs.list(new JobFilter(state, null, null, 50)).stream())
                .map(JobDto::of).toList();
    }

    public ProcessServerDto getProcessServer() {
        return ProcessServerDto.of(processServers.status());
    }

    public VaultCatalog.Status getVault() {
        return vault.status();
    }
}
