package org.lifeboat.web.console;

import java.io.Serializable;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.function.Supplier;
import jakarta.ejb.EJB;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import org.lifeboat.event.EventRepository;
import org.lifeboat.failover.Failbacks;
import org.lifeboat.failover.FailoverDirection;
import org.lifeboat.failover.FailoverRepository;
import org.lifeboat.failover.Failovers;
import org.lifeboat.failover.PointChoice;
import org.lifeboat.job.Job;
import org.lifeboat.job.JobFilter;
import org.lifeboat.job.JobRepository;
import org.lifeboat.monitoring.RpoHistory;
import org.lifeboat.protecteditem.ReplicationEnabler;
import org.lifeboat.recoverypoint.PendingDeletions;
import org.lifeboat.resync.ResyncStarter;
import org.lifeboat.web.api.AgentDtos;
import org.lifeboat.web.api.AgentViews;
import org.lifeboat.web.api.EventDto;
import org.lifeboat.web.api.FailoverDtos;
import org.lifeboat.web.api.JobDto;
import org.lifeboat.web.api.ProtectedItemDtos;
import org.lifeboat.web.api.ProtectedItemViews;

/**
 * One protected item's page: its state, disks, recovery points (a timeline), events and jobs, read again on each of
 * the page's polls; its failover settings, edited through the same service and rules as
 * {@code PUT .../failoverSettings}; and the failover actions its {@code allowedOperations} permit, each started
 * through the same service as the API's action of that name.
 */
@Named("itemDetail")
@ViewScoped
public class ItemDetailBean implements Serializable {

    private static final long serialVersionUID = 1L;

    /** The form whose inputs are named after the API's settings fields: a refusal lands beside its input. */
    private static final String SETTINGS_FORM = "settings";

    /** The item's newest events shown: the page says where the rest are (the events page, GET /events). */
    static final int EVENTS_SHOWN = 20;

    @Inject
    private ProtectedItemViews views;

    @EJB
    private FailoverRepository failoverSettings;

    @EJB
    private EventRepository eventLog;

    @EJB
    private Failovers failovers;

    @EJB
    private Failbacks failbacks;

    @EJB
    private ResyncStarter resyncs;

    @EJB
    private ReplicationEnabler replication;

    @EJB
    private PendingDeletions deletions;

    @Inject
    private AgentViews agents;

    @EJB
    private JobRepository jobs;

    @EJB
    private RpoHistory rpoHistory;

    @Inject
    private ConsoleMessages messages;

    private String name;
    private ProtectedItemDtos.Item item;
    private List<ProtectedItemDtos.Point> points;
    private List<EventDto> events;
    /** The settings as stored, what {@code GET .../failoverSettings} answers; the form's fields start from them. */
    private FailoverDtos.Settings settings;
    private String targetVmName;
    private String vmSize;
    private String networkId;
    private String subnet;
    private String testNetworkId;
    private String testSubnet;
    private String staticIp;
    private String bootDiskId;
    /** The point picked for a failover or a change of point; empty: the latest processed point. */
    private String pointId;
    /** reProtect towards Primary: the agent inside the failed-over machine, and the master target (or none). */
    private String failbackAgentId;
    private String masterTargetId;
    /** Set once replication is disabled: the page then says so instead of the item. */
    private boolean disabled;

    /** After the view parameter is set; an unknown name shows the API's 404 message (ItemNotFoundException). */
    public void load() {
        if (disabled) {
            return;
        }
        item = views.item(name);
        points = views.points(name); // newest first, as GET .../recoveryPoints serves them
        // as GET /events?subject=ITEM: what concerns this item, newest first
        events = eventLog.find(null, name, null, EVENTS_SHOWN).stream().map(EventDto::of).toList();
    }

    /** The page's first load: also the failover settings, which the form is then filled with (not on each poll). */
    public void open() {
        load();
        if (!disabled) {
            showSettings(FailoverDtos.Settings.of(failoverSettings.item(name).getFailoverSettings()));
        }
    }

    /**
     * The failover settings shape the next failover: editable while the item replicates forward (or is recovered
     * from the vault), not while it is failed over, a failover job runs or it fails back, when they no longer apply.
     */
    public boolean isSettingsEditable() {
        return item != null && settingsEditable(item.protectionState(), item.reverseItem());
    }

    /** The rule of {@link #isSettingsEditable()} on the item's {@code protectionState} and {@code reverseItem}. */
    static boolean settingsEditable(String protectionState, String reverseItem) {
        return reverseItem == null && ("Protected".equals(protectionState)
                || "InitialReplication".equals(protectionState));
    }

    /** As {@code PUT .../failoverSettings}: the same method checks and stores them; a refusal beside its field. */
    public void saveSettings() {
        load();
        if (!isSettingsEditable()) {
            messages.attempt(SETTINGS_FORM, () -> {
                throw new org.lifeboat.shared.ConflictException("the failover settings of '" + name + "' cannot be "
                        + "changed while it is " + item.state() + (item.reverseItem() == null ? "" : " (failing back)"));
            });
            return;
        }
        messages.attempt(SETTINGS_FORM, () -> failoverSettings.replaceSettings(name, targetVmName, vmSize, networkId,
                subnet, testNetworkId, testSubnet, staticIp, bootDiskId)).ifPresent(saved -> {
                    showSettings(FailoverDtos.Settings.of(saved));
                    messages.info("Failover settings of '" + name + "' saved.");
                });
    }

    private void showSettings(FailoverDtos.Settings stored) {
        settings = stored;
        targetVmName = stored.targetVmName();
        vmSize = stored.vmSize();
        networkId = stored.networkId();
        subnet = stored.subnet();
        testNetworkId = stored.testNetworkId();
        testSubnet = stored.testSubnet();
        staticIp = stored.staticIp();
        bootDiskId = stored.bootDiskId();
    }

    /** Newest first, at most {@link #EVENTS_SHOWN}. */
    public List<EventDto> getEvents() {
        return events;
    }

    public int getEventsShown() {
        return EVENTS_SHOWN;
    }

    /**
     * The recovery points newest first, each with the time since the one before it (the next older point): a gap
     * in the timeline is a time the item cannot be recovered to.
     */
    public List<TimelinePoint> getTimeline() {
        List<TimelinePoint> timeline = new ArrayList<>(points.size());
        for (int i = 0; i < points.size(); i++) {
            ProtectedItemDtos.Point point = points.get(i);
            String since = i + 1 < points.size()
                    ? after(Duration.between(points.get(i + 1).sourceTime(), point.sourceTime())) : "the first point";
            timeline.add(new TimelinePoint(point, since));
        }
        return timeline;
    }

    /** A point on the timeline, and how long after the point before it it was taken, in words. */
    public record TimelinePoint(ProtectedItemDtos.Point point, String sinceBefore) implements Serializable {
        private static final long serialVersionUID = 1L;
    }

    static String after(Duration gap) {
        long seconds = Math.max(0, gap.toSeconds());
        String amount = seconds < 120 ? seconds + " s" : seconds < 7200 ? seconds / 60 + " min"
                : seconds / 3600 + " h " + seconds % 3600 / 60 + " min";
        return amount + " after the point before";
    }

    public List<JobDto> getJobs() {
        return jobs.list(new JobFilter(null, null, name, 10)).stream().map(JobDto::of).toList();
    }

    /**
     * The RPO chart's Chart.js configuration: the worst RPO of each minute and the policy's threshold, in seconds.
     * The threshold's line starts hidden (its legend entry shows it) while the RPO stays under half of it: drawn, it
     * would set the scale and flatten a healthy RPO to the axis.
     */
    public String getRpoChart() {
        DateTimeFormatter minute = DateTimeFormatter.ofPattern("HH:mm").withZone(ZoneOffset.UTC);
        long thresholdSeconds = item.rpoThresholdMinutes() * 60L;
        List<RpoHistory.Sample> samples = rpoHistory.of(name);
        JsonArrayBuilder labels = Json.createArrayBuilder();
        JsonArrayBuilder rpo = Json.createArrayBuilder();
        JsonArrayBuilder threshold = Json.createArrayBuilder();
        for (RpoHistory.Sample sample : samples) {
            labels.add(minute.format(sample.minute()));
            rpo.add(sample.rpoSeconds());
            threshold.add(thresholdSeconds);
        }
        boolean farBelow = worstRpo(samples).orElse(0) < thresholdSeconds / 2;
        return Json.createObjectBuilder().add("type", "line")
                .add("data", Json.createObjectBuilder().add("labels", labels).add("datasets", Json.createArrayBuilder()
                        .add(Json.createObjectBuilder().add("label", "RPO (s)").add("data", rpo)
                                .add("borderColor", "#1d4ed8").add("pointRadius", 0))
                        .add(Json.createObjectBuilder().add("label", "Threshold (s)").add("data", threshold)
                                .add("hidden", farBelow).add("borderColor", "#b91c1c")
                                .add("borderDash", Json.createArrayBuilder().add(6).add(4)).add("pointRadius", 0))))
                .add("options", Json.createObjectBuilder().add("animation", false).add("maintainAspectRatio", false)
                        .add("scales", Json.createObjectBuilder().add("y", Json.createObjectBuilder()
                                .add("beginAtZero", true).add("title", Json.createObjectBuilder()
                                        .add("display", true).add("text", "seconds")))
                                .add("x", Json.createObjectBuilder().add("title", Json.createObjectBuilder()
                                        .add("display", true).add("text", "UTC")))))
                .build().toString();
    }

    /** In words, for who cannot see the chart: the worst RPO of the charted hours, or that there is none yet. */
    public String getRpoSummary() {
        OptionalLong worst = worstRpo(rpoHistory.of(name));
        return worst.isPresent() ? "Worst RPO in the last 6 hours: " + worst.getAsLong() + " s (threshold "
                + item.rpoThresholdMinutes() + " min)" : "No RPO recorded in the last 6 hours yet.";
    }

    private static OptionalLong worstRpo(List<RpoHistory.Sample> samples) {
        return samples.stream().mapToLong(RpoHistory.Sample::rpoSeconds).max();
    }

    public boolean allows(String operation) {
        return item != null && item.allowedOperations().contains(operation);
    }

    public void testFailover() {
        start("Test failover", () -> failovers.testFailover(name, chosenPoint(), null));
    }

    public void testFailoverCleanup() {
        start("Test failover cleanup", () -> failovers.testFailoverCleanup(name, "cleaned up from the console"));
    }

    public void unplannedFailover() {
        start("Failover", () -> failovers.unplannedFailover(name, chosenPoint(), false));
    }

    public void applyRecoveryPoint() {
        start("Change of recovery point", () -> failovers.applyRecoveryPoint(name, chosenPoint()));
    }

    public void failoverCommit() {
        start("Commit", () -> failovers.failoverCommit(name));
    }

    public void failoverCancel() {
        start("Cancel of the failover", () -> failovers.failoverCancel(name));
    }

    /** Resync and disable are not failover operations: offered while the item replicates forward, as the API does. */
    public boolean isReplicating() {
        return item != null && item.agentId() != null
                && ("Protected".equals(item.state()) || "InitialReplication".equals(item.state()));
    }

    public void resync() {
        start("Resync", () -> resyncs.start(name));
    }

    /** As {@code DELETE /protectedItems/{name}}: the item and its points go now, its seeds right after. */
    public void disable() {
        messages.attempt(null, () -> {
            replication.disable(name);
            deletions.finishSoon();
            return name;
        }).ifPresent(n -> {
            disabled = true;
            messages.info("Replication of '" + n + "' disabled: the item and its recovery points are removed, its "
                    + "seed disks are being deleted in Azure Storage.");
        });
    }

    /** reProtect in the direction the item's failover phase calls for: towards Primary after a commit, else back. */
    public void reProtect() {
        FailoverDirection direction = getReProtectDirection();
        start("Re-protect (" + direction.apiName() + ")", "detail", () -> failbacks.reProtect(name, direction,
                blankToNull(failbackAgentId), blankToNull(masterTargetId)));
    }

    public void plannedFailover() {
        start("Planned failback", () -> failbacks.plannedFailover(name, FailoverDirection.RECOVERY_TO_PRIMARY));
    }

    /** A committed failover re-protects towards Primary; a failed-back item (its reverse item set) towards Recovery. */
    public FailoverDirection getReProtectDirection() {
        return item != null && item.reverseItem() != null ? FailoverDirection.PRIMARY_TO_RECOVERY
                : FailoverDirection.RECOVERY_TO_PRIMARY;
    }

    /** The agents that can replicate the failed-over machine back: registered, not revoked, protecting nothing. */
    public List<AgentDtos.Agent> getFreeAgents() {
        return agents.all().stream().filter(a -> !a.revoked() && a.protectedItem() == null).toList();
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    private void start(String what, Supplier<Job> action) {
        start(what, null, action);
    }

    /** With the form's id, a refusal naming a field (agentId, masterTargetId) is shown beside its input. */
    private void start(String what, String formId, Supplier<Job> action) {
        messages.attempt(formId, action).ifPresent(job -> messages.info(what + " of '" + name + "' started (job "
                + job.getId() + "); its progress is under Jobs."));
        load();
    }

    /** Whether a point can be picked now: a test failover, a failover || a change of point is offered. */
    public boolean isPointPickable() {
        return allows("testFailover") || allows("unplannedFailover") || allows("applyRecoveryPoint");
    }

    /** A point picked on the timeline: the picker above the actions shows it, the confirmations name it. */
    public void pick(String id) {
        if (points.stream().anyMatch(p -> p.id().equals(id))) {
            pointId = id;
        }
    }

    private PointChoice chosenPoint() {
        return PointChoice.of(pointId == null || pointId.isBlank() ? null : pointId, null);
    }

    /** What the failover, test failover or change of point will use, in words. */
    public String getChosenPointText() {
        return pointId == null || pointId.isBlank() ? "the latest processed recovery point"
                : "recovery point " + pointId + describe(pointId);
    }

    private String describe(String id) {
        return points.stream().filter(p -> p.id().equals(id)).findFirst()
                .map(p -> " (" + p.consistency() + ", " + p.sourceTime() + ")").orElse("");
    }

    /** The points a commit deletes: every point but the one failed over to, as the service does. */
    public List<String> getPointsCommitDeletes() {
        String kept = item == null ? null : item.failoverRecoveryPointId();
        return points.stream().map(ProtectedItemDtos.Point::id).filter(id -> !id.equals(kept)).toList();
    }

    public String getPointsCommitDeletesText() {
        List<String> deleted = getPointsCommitDeletes();
        return deleted.isEmpty() ? "none" : String.join(", ", deleted);
    }

    public boolean isDisabled() {
        return disabled;
    }

    public String getFailbackAgentId() {
        return failbackAgentId;
    }

    public void setFailbackAgentId(String failbackAgentId) {
        this.failbackAgentId = failbackAgentId;
    }

    public String getMasterTargetId() {
        return masterTargetId;
    }

    public void setMasterTargetId(String masterTargetId) {
        this.masterTargetId = masterTargetId;
    }

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public ProtectedItemDtos.Item getItem() {
        return item;
    }

    /** Newest first. */
    public List<ProtectedItemDtos.Point> getPoints() {
        return points;
    }

    public String getPointId() {
        return pointId;
    }

    public void setPointId(String pointId) {
        this.pointId = pointId;
    }

    public FailoverDtos.Settings getSettings() {
        return settings;
    }

    public String getTargetVmName() {
        return targetVmName;
    }

    public void setTargetVmName(String targetVmName) {
        this.targetVmName = targetVmName;
    }

    public String getVmSize() {
        return vmSize;
    }

    public void setVmSize(String vmSize) {
        this.vmSize = vmSize;
    }

    public String getNetworkId() {
        return networkId;
    }

    public void setNetworkId(String networkId) {
        this.networkId = networkId;
    }

    public String getSubnet() {
        return subnet;
    }

    public void setSubnet(String subnet) {
        this.subnet = subnet;
    }

    public String getTestNetworkId() {
        return testNetworkId;
    }

    public void setTestNetworkId(String testNetworkId) {
        this.testNetworkId = testNetworkId;
    }

    public String getTestSubnet() {
        return testSubnet;
    }

    public void setTestSubnet(String testSubnet) {
        this.testSubnet = testSubnet;
    }

    public String getStaticIp() {
        return staticIp;
    }

    public void setStaticIp(String staticIp) {
        this.staticIp = staticIp;
    }

    public String getBootDiskId() {
        return bootDiskId;
    }

    public void setBootDiskId(String bootDiskId) {
        this.bootDiskId = bootDiskId;
    }
}
