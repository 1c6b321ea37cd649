package org.lifeboat.web.console;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import jakarta.annotation.PostConstruct;
import jakarta.ejb.EJB;
import jakarta.faces.context.FacesContext;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import org.lifeboat.event.EventRepository;
import org.lifeboat.job.JobFilter;
import org.lifeboat.job.JobState;
import org.lifeboat.job.JobRepository;
import org.lifeboat.monitoring.CachedHealth;
import org.lifeboat.monitoring.HealthReport;
import org.lifeboat.monitoring.ProcessServerStatus;
import org.lifeboat.scaleout.ProcessServers;
import org.lifeboat.monitoring.RpoHistory;
import org.lifeboat.monitoring.ThroughputSampler;
import org.lifeboat.vault.RecoveryKeyConfirmation;
import org.lifeboat.vault.RecoveryKeyConfirmationRepository;
import org.lifeboat.vault.VaultCatalog;
import org.lifeboat.web.api.EventDto;
import org.lifeboat.web.api.JobDto;
import org.lifeboat.web.api.ProcessServerResource.ProcessServerDto;
import org.lifeboat.web.api.ProtectedItemDtos;
import org.lifeboat.web.api.ProtectedItemViews;

/**
 * The dashboard: the server's parts, the items by health with their reasons, the worst RPOs of the last hours, open
 * alerts, running jobs, the process server and its throughput, and the vault's state with the recovery key reminder;
 * read per request (the page polls), from the readers the API uses; the item list, as the API's, in a fixed number
 * of queries (docs/BENCHMARKS.md, "Console dashboard on a large site").
 */
@Named("dashboard")
@RequestScoped
public class DashboardBean {

    /** Running or waiting: what an operator watches. */
    private static final List<JobState> ACTIVE_JOBS = List.of(JobState.RUNNING, JobState.QUEUED, JobState.SUSPENDED);

    /** How many items' RPO lines the chart draws: the worst ones; more lines than this is no longer readable. */
    static final int CHARTED_ITEMS = 10;

    private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("HH:mm").withZone(ZoneOffset.UTC);

    /** Tells the charted lines apart; readable on white. */
    private static final List<String> LINE_COLOURS = List.of("#b91c1c", "#1d4ed8", "#047857", "#7c3aed", "#c2410c",
            "#0e7490", "#be185d", "#4d7c0f", "#1e293b", "#a16207");

    @EJB
    private CachedHealth health;

    @Inject
    private ProtectedItemViews items;

    @EJB
    private EventRepository events;

    @EJB
    private JobRepository jobs;

    @EJB
    private ProcessServers processServers;

    @EJB
    private ThroughputSampler throughput;

    @EJB
    private RpoHistory rpoHistory;

    @EJB
    private VaultCatalog vault;

    @EJB
    private RecoveryKeyConfirmationRepository keyConfirmation;

    @Inject
    private ConsoleMessages messages;

    @Inject
    private FacesContext faces;

    private HealthReport report;
    private List<ProtectedItemDtos.Item> all;
    private List<EventDto> openAlerts;
    private List<JobDto> activeJobs;
    private ProcessServerDto processServer;
    private Map<String, List<RpoHistory.Sample>> charted;

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

    /** The items that are not Normal, Critical first, with the reasons why. */
    public List<ProtectedItemDtos.Item> getUnhealthyItems() {
        return all.stream().filter(i -> !"Normal".equals(i.health()))
                .sorted(Comparator.comparing((ProtectedItemDtos.Item i) -> !"Critical".equals(i.health()))
                        .thenComparing(ProtectedItemDtos.Item::name))
                .toList();
    }

    public List<EventDto> getOpenAlerts() {
        if (openAlerts == null) {
            openAlerts = events.find(null, null, Boolean.TRUE, 50).stream().map(EventDto::of).toList();
        }
        return openAlerts;
    }

    public List<JobDto> getActiveJobs() {
        if (activeJobs == null) {
            activeJobs = ACTIVE_JOBS.stream().flatMap(state -> jobs.list(new JobFilter(state, null, null, 50)).stream())
                    .map(JobDto::of).toList();
        }
        return activeJobs;
    }

    public ProcessServerDto getProcessServer() {
        if (processServer == null) {
            // the built-in one, as the process servers page and GET /processServers/builtin show it
            processServer = ProcessServerDto.of(processServers.one(ProcessServerStatus.BUILT_IN).orElseThrow());
        }
        return processServer;
    }

    public VaultCatalog.Status getVault() {
        return vault.status();
    }

    /** When and by whom the recovery key was confirmed saved; null while the reminder stands. */
    public RecoveryKeyConfirmation getRecoveryKeyConfirmation() {
        return keyConfirmation.confirmation().orElse(null);
    }

    /** The operator saved the key off-site: as {@code POST /vault/recoveryKeyConfirmation}. */
    public void confirmRecoveryKey() {
        String by = faces.getExternalContext().getRemoteUser();
        messages.attempt(null, () -> keyConfirmation.confirm(by)).ifPresent(confirmation -> messages.info(
                "Recorded: the vault recovery key is kept off-site (confirmed by " + confirmation.getConfirmedBy() + ")."));
    }

    /**
     * The items whose RPO was the worst in the charted hours, worst first, with their samples: a chart of 500 lines
     * says nothing, the worst {@value #CHARTED_ITEMS} say where to look.
     */
    Map<String, List<RpoHistory.Sample>> chartedItems() {
        if (charted == null) {
            charted = new LinkedHashMap<>();
            all.stream().map(item -> Map.entry(item.name(), rpoHistory.of(item.name())))
                    .filter(entry -> !entry.getValue().isEmpty())
                    .sorted(Comparator.comparingLong((Map.Entry<String, List<RpoHistory.Sample>> e) -> -worst(e.getValue()))
                            .thenComparing(Map.Entry::getKey))
                    .limit(CHARTED_ITEMS).forEach(entry -> charted.put(entry.getKey(), entry.getValue()));
        }
        return charted;
    }

    private static long worst(List<RpoHistory.Sample> samples) {
        return samples.stream().mapToLong(RpoHistory.Sample::rpoSeconds).max().orElse(0);
    }

    /** In words, for who cannot see the chart (and what the test compares with the API). */
    public String getRpoSummary() {
        Map<String, List<RpoHistory.Sample>> worst = chartedItems();
        if (worst.isEmpty()) {
            return "No RPO recorded in the last 6 hours yet.";
        }
        Map.Entry<String, List<RpoHistory.Sample>> first = worst.entrySet().iterator().next();
        return "Worst RPO in the last 6 hours: " + worst(first.getValue()) + " s (" + first.getKey() + "); charted: "
                + worst.size() + " of " + all.size() + " items, worst first.";
    }

    /** Chart.js: one line per charted item, the worst RPO of each minute in seconds, over the minutes any has. */
    public String getRpoChart() {
        Map<String, List<RpoHistory.Sample>> worst = chartedItems();
        SortedSet<Instant> minutes = new TreeSet<>();
        worst.values().forEach(samples -> samples.forEach(sample -> minutes.add(sample.minute())));
        JsonArrayBuilder datasets = Json.createArrayBuilder();
        int line = 0;
        for (Map.Entry<String, List<RpoHistory.Sample>> item : worst.entrySet()) {
            Map<Instant, Long> byMinute = item.getValue().stream()
                    .collect(Collectors.toMap(RpoHistory.Sample::minute, RpoHistory.Sample::rpoSeconds));
            JsonArrayBuilder data = Json.createArrayBuilder();
            minutes.forEach(minute -> {
                Long rpo = byMinute.get(minute);
                if (rpo == null) {
                    data.addNull();
                } else {
                    data.add(rpo);
                }
            });
            String colour = LINE_COLOURS.get(line++ % LINE_COLOURS.size());
            datasets.add(Json.createObjectBuilder().add("label", item.getKey()).add("data", data)
                    .add("borderColor", colour).add("backgroundColor", colour).add("pointRadius", 0)
                    .add("spanGaps", true));
        }
        return chart(minutes, datasets, "seconds");
    }

    /** Chart.js: the process server's fastest ingest and upload rate of each minute, in MB/s. */
    public String getThroughputChart() {
        List<ThroughputSampler.Minute> history = throughput.history();
        JsonArrayBuilder ingest = Json.createArrayBuilder();
        JsonArrayBuilder upload = Json.createArrayBuilder();
        for (ThroughputSampler.Minute minute : history) {
            ingest.add(megabytes(minute.ingestBytesPerSecond()));
            upload.add(megabytes(minute.uploadBytesPerSecond()));
        }
        return chart(history.stream().map(ThroughputSampler.Minute::minute).toList(), Json.createArrayBuilder()
                .add(Json.createObjectBuilder().add("label", "Received from agents (MB/s)").add("data", ingest)
                        .add("borderColor", "#1d4ed8").add("pointRadius", 0))
                .add(Json.createObjectBuilder().add("label", "Uploaded to Azure (MB/s)").add("data", upload)
                        .add("borderColor", "#047857").add("pointRadius", 0)), "MB/s");
    }

    private static double megabytes(long bytesPerSecond) {
        return Math.round(bytesPerSecond / 1e4) / 100.0;
    }

    private static String chart(Collection<Instant> minutes, JsonArrayBuilder datasets, String unit) {
        JsonArrayBuilder labels = Json.createArrayBuilder();
        minutes.forEach(minute -> labels.add(MINUTE.format(minute)));
        return Json.createObjectBuilder().add("type", "line")
                .add("data", Json.createObjectBuilder().add("labels", labels).add("datasets", datasets))
                .add("options", Json.createObjectBuilder().add("animation", false).add("maintainAspectRatio", false)
                        .add("scales", Json.createObjectBuilder().add("y", Json.createObjectBuilder()
                                .add("beginAtZero", true).add("title", Json.createObjectBuilder()
                                        .add("display", true).add("text", unit)))
                                .add("x", Json.createObjectBuilder().add("title", Json.createObjectBuilder()
                                        .add("display", true).add("text", "UTC")))))
                .build().toString();
    }
}
