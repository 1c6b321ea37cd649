package org.lifeboat.web.console;

import java.io.Serializable;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.OptionalLong;
import java.util.function.Supplier;
import jakarta.ejb.EJB;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import org.lifeboat.failover.Failbacks;
import org.lifeboat.failover.FailoverDirection;
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
import org.lifeboat.web.api.JobDto;
import org.lifeboat.web.api.ProtectedItemDtos;
import org.lifeboat.web.api.ProtectedItemViews;

/**
 * One protected item's page: its state, disks, recovery points and jobs, read again on each of the page's polls,
 * and the failover actions its {@code allowedOperations} permit, each started through the same service as the
 * API's action of that name.
 */
@Named("itemDetail")
@ViewScoped
public class ItemDetailBean implements Serializable {

    private static final long serialVersionUID = 1L;

    @Inject
    private ProtectedItemViews views;

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
        List<ProtectedItemDtos.Point> newestFirst = new ArrayList<>(views.points(name));
        Collections.reverse(newestFirst);
        points = newestFirst;
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
}
