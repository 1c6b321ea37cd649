package org.lifeboat.failover;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import org.lifeboat.job.Job;
import org.lifeboat.job.JobContext;
import org.lifeboat.job.JobFailedException;
import org.lifeboat.job.JobRunner;
import org.lifeboat.protecteditem.ProtectedDisk;
import org.lifeboat.protecteditem.ProtectedItem;
import org.lifeboat.protocol.Consistency;
import org.lifeboat.recoverypoint.PendingDeletions;
import org.lifeboat.recoverypoint.RecoveryPoint;
import org.lifeboat.recoverypoint.RecoveryPointRepository;
import org.lifeboat.replicationgroup.GroupPoint;
import org.lifeboat.replicationgroup.GroupRounds;
import org.lifeboat.replicationgroup.ReplicationGroupRepository;
import org.lifeboat.shared.ConflictException;
import org.lifeboat.shared.InvalidRequestException;
import org.lifeboat.shared.ItemNotFoundException;
import org.lifeboat.storage.StorageAccount;

/**
 * The failover actions of a protected item, as ASR names them. Each checks and marks the item's state at
 * once ({@link FailoverRepository}: a 409 with the reason, nothing changed, when the state does not allow it),
 * then runs as a job with ASR's steps. A job that fails removes what it made, puts the item back where it
 * was, and says exactly what remains if anything could not be removed.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class Failovers {

    static final String PREREQUISITES = "Prerequisites check";
    static final String SHUT_DOWN = "Shut down source machine";
    static final String STOP_REPLICATION = "Stop replication";
    static final String CHOOSE_POINT = "Choose recovery point";
    static final String CREATE_DISKS = "Create failover disks";
    static final String CREATE_DEPLOYMENT = "Create deployment";
    static final String REMOVE_PREVIOUS = "Remove previous failover disks";
    static final String DELETE_POINTS = "Delete other recovery points";
    static final String REMOVE_ARTIFACTS = "Remove failover disks and deployment";
    static final String RESUME_REPLICATION = "Resume replication";
    static final String REMOVE_DRILL = "Remove test failover disks and deployment";
    static final String RECORD_COMMENTS = "Record comments";
    /** How long a Latest point may wait for the log applier to apply what was received. */
    static final Duration LATEST_TIMEOUT = Duration.ofMinutes(10);

    @EJB
    private FailoverRepository ledger;

    @EJB
    private JobRunner jobs;

    @EJB
    private RecoveryPointRepository recoveryPoints;

    @EJB
    private LatestPoints latestPoints;

    @EJB
    private PendingDeletions deletions;

    @EJB
    private SourceMachines sources;

    @EJB
    private ReplicationGroupRepository groups;

    @EJB
    private GroupRounds groupRounds;

    @Inject
    private FailoverDisks disks;

    @Inject
    private StorageAccount storage;

    /** A drill: failover disks and deployment in a folder of their own; replication goes on. */
    public Job testFailover(String item, PointChoice choice, String networkId) {
        String network = FailoverSettings.checkedNetworkId("networkId", networkId);
        checkPoint(item, choice);
        ledger.begin(item, FailoverOperation.TEST_FAILOVER);
        return submit(FailoverOperation.TEST_FAILOVER, item,
                List.of(PREREQUISITES, CHOOSE_POINT, CREATE_DISKS, CREATE_DEPLOYMENT), job -> {
            JobSteps steps = prerequisitesDone(job, item);
            String folder = item + "/test-" + job.id() + "/";
            try {
                RecoveryPoint point = choose(steps, item, choice);
                createDisksAndDeployment(steps, item, point, folder, true, network);
                ledger.testSucceeded(item, point.getId(), folder);
                return "Test failover of '" + item + "' to recovery point " + point.getId() + " (" + point.getSourceTime()
                        + "): failover disks and deployment in " + FailoverDisks.CONTAINER + "/" + folder;
            } catch (Exception e) {
                List<String> left = disks.delete(folder);
                ledger.testFailed(item, folder, !left.isEmpty());
                throw failed("test failover", e, left, "");
            }
        }, () -> ledger.testFailed(item, null, false));
    }

    /** Removes the item's drills, whatever is left of them, and records the comments. Repeating it is harmless. */
    public Job testFailoverCleanup(String item, String comments) {
        if (comments != null && comments.length() > 1000) {
            throw new InvalidRequestException("comments", "comments are at most 1000 characters");
        }
        ledger.begin(item, FailoverOperation.TEST_FAILOVER_CLEANUP);
        return submit(FailoverOperation.TEST_FAILOVER_CLEANUP, item,
                List.of(PREREQUISITES, REMOVE_DRILL, RECORD_COMMENTS), job -> {
            JobSteps steps = prerequisitesDone(job, item);
            String drills = item + "/test-"; // every drill of the item, a failed one's leftovers too
            try {
                steps.run(REMOVE_DRILL, () -> {
                    int count = disks.list(drills).size();
                    List<String> left = disks.delete(drills);
                    if (!left.isEmpty()) {
                        throw new IllegalStateException("not removed: " + String.join(", ", left));
                    }
                    return count == 0 ? "nothing left to remove" : count + " blob(s) removed";
                });
            } catch (Exception e) {
                ledger.cleanupFailed(item);
                throw new JobFailedException("the cleanup of '" + item + "' failed: " + JobSteps.reason(e)
                        + "; run testFailoverCleanup again", e);
            }
            steps.run(RECORD_COMMENTS, () -> {
                ledger.cleanedUp(item, comments);
                return comments == null || comments.isBlank() ? "no comments" : "recorded in the item's events";
            });
            return "Test failover of '" + item + "' cleaned up";
        }, () -> ledger.cleanupFailed(item));
    }

    /** The real thing: the source optionally shut down, replication stopped, the machine's disks and deployment made. */
    public Job unplannedFailover(String item, PointChoice choice, boolean performShutdown) {
        checkPoint(item, choice);
        ledger.begin(item, FailoverOperation.UNPLANNED_FAILOVER);
        return submit(FailoverOperation.UNPLANNED_FAILOVER, item, List.of(PREREQUISITES, SHUT_DOWN,
                STOP_REPLICATION, CHOOSE_POINT, CREATE_DISKS, CREATE_DEPLOYMENT), job -> {
            JobSteps steps = prerequisitesDone(job, item);
            String folder = item + "/failover-" + job.id() + "/";
            try {
                if (!performShutdown) {
                    steps.skip(SHUT_DOWN, "not asked for (performShutdown false)");
                } else {
                    try {
                        steps.run(SHUT_DOWN, () -> sources.shutDown(ledger.item(item)));
                    } catch (Exception notShutDown) {
                        // recorded in the step; as in ASR, the failover goes ahead
                    }
                }
                steps.run(STOP_REPLICATION, () -> "the agent stops replicating at its next configuration pull "
                        + "(within a minute); data already received is still applied");
                RecoveryPoint point = choose(steps, item, choice);
                createDisksAndDeployment(steps, item, point, folder, false, null);
                ledger.failedOver(item, point.getId(), folder);
                return "'" + item + "' failed over to recovery point " + point.getId() + " (" + point.getSourceTime()
                        + "): failover disks and deployment in " + FailoverDisks.CONTAINER + "/" + folder;
            } catch (Exception e) {
                List<String> left = disks.delete(folder);
                ledger.phaseFailed(item, FailoverPhase.NONE);
                throw failed("failover", e, left, " The item replicates again.");
            }
        }, () -> ledger.phaseFailed(item, FailoverPhase.NONE));
    }

    /** Replaces the failover disks and deployment by those of another point; the previous ones are removed. */
    public Job applyRecoveryPoint(String item, PointChoice choice) {
        checkPoint(item, choice);
        ledger.begin(item, FailoverOperation.APPLY_RECOVERY_POINT);
        return submit(FailoverOperation.APPLY_RECOVERY_POINT, item, List.of(PREREQUISITES, CHOOSE_POINT,
                CREATE_DISKS, CREATE_DEPLOYMENT, REMOVE_PREVIOUS), job -> {
            JobSteps steps = prerequisitesDone(job, item);
            String previous = ledger.item(item).failover().failoverFolder();
            String folder = item + "/failover-" + job.id() + "/";
            RecoveryPoint point;
            try {
                point = choose(steps, item, choice);
                createDisksAndDeployment(steps, item, point, folder, false, null);
                ledger.failedOver(item, point.getId(), folder);
            } catch (Exception e) {
                List<String> left = disks.delete(folder);
                ledger.phaseFailed(item, FailoverPhase.FAILED_OVER);
                throw failed("change of recovery point", e, left, " The item stays failed over to its previous point.");
            }
            String outcome = "'" + item + "' failed over to recovery point " + point.getId() + " ("
                    + point.getSourceTime() + "): failover disks and deployment in " + FailoverDisks.CONTAINER + "/"
                    + folder;
            List<String> left = previous == null ? List.of() : disks.delete(previous);
            if (left.isEmpty()) {
                steps.run(REMOVE_PREVIOUS, () -> previous == null ? "none" : FailoverDisks.CONTAINER + "/" + previous
                        + " removed");
                return outcome;
            }
            steps.failedButGoOn(REMOVE_PREVIOUS, "not removed: " + String.join(", ", left));
            return outcome + "; the previous point's blobs remain: " + String.join(", ", left);
        }, () -> ledger.phaseFailed(item, FailoverPhase.FAILED_OVER));
    }

    /** Makes the failover final: the other recovery points are deleted, as ASR does. */
    public Job failoverCommit(String item) {
        ledger.begin(item, FailoverOperation.FAILOVER_COMMIT);
        return submit(FailoverOperation.FAILOVER_COMMIT, item, List.of(PREREQUISITES, DELETE_POINTS), job -> {
            JobSteps steps = prerequisitesDone(job, item);
            try {
                String detail = steps.run(DELETE_POINTS, () -> ledger.committed(item) + " other recovery point(s) "
                        + "deleted");
                deletions.finishSoon(); // their snapshots go now that the commit is recorded
                return "Failover of '" + item + "' committed; " + detail;
            } catch (Exception e) {
                ledger.phaseFailed(item, FailoverPhase.FAILED_OVER);
                throw new JobFailedException("the commit of '" + item + "' failed, nothing was deleted: "
                        + JobSteps.reason(e), e);
            }
        }, () -> ledger.phaseFailed(item, FailoverPhase.FAILED_OVER));
    }

    /** Undoes a failover before its commit: its disks and deployment removed, replication resumed. */
    public Job failoverCancel(String item) {
        ledger.begin(item, FailoverOperation.FAILOVER_CANCEL);
        return submit(FailoverOperation.FAILOVER_CANCEL, item, List.of(PREREQUISITES, REMOVE_ARTIFACTS,
                RESUME_REPLICATION), job -> {
            JobSteps steps = prerequisitesDone(job, item);
            String folder = ledger.item(item).failover().failoverFolder();
            try {
                steps.run(REMOVE_ARTIFACTS, () -> {
                    List<String> left = folder == null ? List.of() : disks.delete(folder);
                    if (!left.isEmpty()) {
                        throw new IllegalStateException("not removed: " + String.join(", ", left));
                    }
                    return folder == null ? "none" : FailoverDisks.CONTAINER + "/" + folder + " removed";
                });
            } catch (Exception e) {
                ledger.phaseFailed(item, FailoverPhase.FAILED_OVER);
                throw new JobFailedException("the cancel of '" + item + "' failed: " + JobSteps.reason(e)
                        + "; the item stays failed over: run failoverCancel again", e);
            }
            steps.run(RESUME_REPLICATION, () -> {
                ledger.cancelled(item);
                return "the agent replicates again from its next configuration pull (within a minute)";
            });
            return "Failover of '" + item + "' cancelled; replication resumes";
        }, () -> ledger.phaseFailed(item, FailoverPhase.FAILED_OVER));
    }

    /** The ARM deployment a failover job made (template or parameters), while its folder exists. */
    public Optional<String> deploymentOf(Job job, boolean parameters) {
        String kind = job.getKind();
        String folder;
        if (FailoverOperation.TEST_FAILOVER.apiName().equals(kind)) {
            folder = job.getTarget() + "/test-" + job.getId() + "/";
        } else if (FailoverOperation.UNPLANNED_FAILOVER.apiName().equals(kind)
                || FailoverOperation.APPLY_RECOVERY_POINT.apiName().equals(kind)) {
            folder = job.getTarget() + "/failover-" + job.getId() + "/";
        } else {
            return Optional.empty();
        }
        return Optional.ofNullable(disks.text(folder, parameters ? FailoverDisks.PARAMETERS : FailoverDisks.TEMPLATE));
    }

    /** The item's current ARM deployment: of its drill ({@code test}) or of its failover. */
    public Optional<String> deploymentOf(String item, boolean test, boolean parameters) {
        FailoverStatus status = ledger.item(item).failover();
        String folder = test ? status.testFolder() : status.failoverFolder();
        return folder == null ? Optional.empty()
                : Optional.ofNullable(disks.text(folder, parameters ? FailoverDisks.PARAMETERS : FailoverDisks.TEMPLATE));
    }

    /** The steps of the item's planned failover back, written with its failover's deployment, while it exists. */
    public Optional<String> failbackStepsOf(String item) {
        String folder = ledger.item(item).failover().failoverFolder();
        return folder == null ? Optional.empty() : Optional.ofNullable(disks.text(folder, FailoverDisks.FAILBACK_STEPS));
    }

    // --- the steps -----------------------------------------------------------------------------------

    @FunctionalInterface
    private interface Undo {
        void run();
    }

    /** Submits the job; if it cannot even be queued, the state marked for it is undone. */
    private Job submit(FailoverOperation operation, String item, List<String> steps,
                       org.lifeboat.job.JobWork work, Undo undo) {
        try {
            return jobs.submit(operation.apiName(), item, steps, work);
        } catch (RuntimeException e) {
            undo.run();
            throw e;
        }
    }

    private JobSteps prerequisitesDone(JobContext job, String item) throws Exception {
        JobSteps steps = new JobSteps(job);
        steps.run(PREREQUISITES, () -> "'" + item + "' allows it; " + ledger.item(item).getDisks().size()
                + " disk(s)");
        return steps;
    }

    /** Refuses a point that cannot be used before anything changes (the job finds it again). */
    private void checkPoint(String item, PointChoice choice) {
        ledger.item(item);
        if (choice.type() != RecoveryPointType.LATEST) {
            pointNow(item, choice);
        }
    }

    private RecoveryPoint pointNow(String item, PointChoice choice) {
        if (choice.pointId() != null) {
            try {
                return recoveryPoints.find(item, choice.pointId());
            } catch (ItemNotFoundException e) {
                throw new InvalidRequestException("recoveryPointId", "'" + item + "' has no recovery point "
                        + choice.pointId());
            }
        }
        return switch (choice.type()) {
            case LATEST_PROCESSED -> recoveryPoints.latest(item).orElseThrow(() -> new ConflictException("'" + item
                    + "' has no recovery point yet"));
            case LATEST_APP_CONSISTENT -> recoveryPoints.of(item).stream()
                    .filter(p -> p.getConsistency() == Consistency.APP_CONSISTENT).findFirst()
                    .orElseThrow(() -> new ConflictException("'" + item + "' has no app-consistent recovery point"));
            case LATEST_MULTI_VM_PROCESSED, LATEST_MULTI_VM_APP_CONSISTENT -> groupPoint(item,
                    choice.type() == RecoveryPointType.LATEST_MULTI_VM_APP_CONSISTENT);
            case LATEST -> throw new IllegalStateException("a Latest point is taken, not looked up");
        };
    }

    /** The item's own point of its group's newest common point. */
    private RecoveryPoint groupPoint(String item, boolean appConsistent) {
        if (groups.groupOf(item).isEmpty()) {
            throw new ConflictException("'" + item + "' is in no replication group, so it has no multi-VM point");
        }
        GroupPoint point = groupRounds.latestOf(item, appConsistent).orElseThrow(() -> new ConflictException("the "
                + "replication group of '" + item + "' has no " + (appConsistent ? "app-consistent " : "")
                + "group point common to all its members"));
        return recoveryPoints.find(item, point.memberPoints().get(item));
    }

    private RecoveryPoint choose(JobSteps steps, String item, PointChoice choice) throws Exception {
        RecoveryPoint[] chosen = new RecoveryPoint[1];
        steps.run(CHOOSE_POINT, () -> {
            chosen[0] = choice.type() == RecoveryPointType.LATEST ? latestPoints.take(item, LATEST_TIMEOUT)
                    : pointNow(item, choice);
            return choice + ": recovery point " + chosen[0].getId() + " (" + chosen[0].getConsistency() + ", source "
                    + "time " + chosen[0].getSourceTime() + ")";
        });
        steps.progress(20);
        return chosen[0];
    }

    private void createDisksAndDeployment(JobSteps steps, String item, RecoveryPoint point, String folder,
                                          boolean test, String testNetworkId) throws Exception {
        List<ProtectedDisk> ordered = ledger.disksBootFirst(item);
        Map<String, String> snapshots = new LinkedHashMap<>();
        for (ProtectedDisk disk : ordered) {
            String snapshot = point.getSnapshots().get(disk.getId());
            if (snapshot == null) {
                throw new IllegalStateException("recovery point " + point.getId() + " has no snapshot of disk "
                        + disk.getId());
            }
            snapshots.put(disk.getId(), snapshot);
        }
        Map<String, String> urls = new LinkedHashMap<>();
        steps.run(CREATE_DISKS, () -> {
            urls.putAll(disks.copy(folder, snapshots));
            return urls.size() + " failover disk(s) in " + FailoverDisks.CONTAINER + "/" + folder;
        });
        steps.progress(80);
        steps.run(CREATE_DEPLOYMENT, () -> {
            ProtectedItem protectedItem = ledger.item(item);
            FailoverSettings settings = protectedItem.getFailoverSettings();
            String name = settings.getTargetVmName() == null ? azureName(item) : settings.getTargetVmName();
            String size = settings.getVmSize() == null ? sources.vmSize(protectedItem) : settings.getVmSize();
            String subnetId = test ? testSubnetId(settings, testNetworkId)
                    : FailoverSettings.subnetId(settings.getNetworkId(), settings.getSubnet());
            ArmDeployment deployment = new ArmDeployment(test ? name + "-test" : name, size, storage.accountName(),
                    urls.entrySet().stream().map(e -> new ArmDeployment.Disk(e.getKey(), e.getValue())).toList(),
                    subnetId, test ? null : settings.getStaticIp());
            disks.putText(folder, FailoverDisks.TEMPLATE, deployment.template());
            disks.putText(folder, FailoverDisks.PARAMETERS, deployment.parameters());
            if (!test) {
                disks.putText(folder, FailoverDisks.FAILBACK_STEPS, deployment.failbackSteps(item));
            }
            return "ARM template and parameters" + (test ? "" : ", and the failback's steps,") + " for VM '"
                    + deployment.vmName() + "' (" + size + ") in "
                    + FailoverDisks.CONTAINER + "/" + folder + (subnetId == null ? "; no network set: give subnetId "
                    + "when deploying" : "");
        });
    }

    /**
     * A drill's subnet: the request's network, else the test network of the settings; in it the test subnet,
     * else the production subnet's name, else "default".
     */
    static String testSubnetId(FailoverSettings settings, String requestedNetworkId) {
        if (requestedNetworkId == null) {
            return FailoverSettings.subnetId(settings.getTestNetworkId(), settings.getTestSubnet());
        }
        String subnet = settings.getTestSubnet() != null ? settings.getTestSubnet()
                : settings.getSubnet() != null ? settings.getSubnet() : "default";
        return FailoverSettings.subnetId(requestedNetworkId, subnet);
    }

    /** An item's name as an Azure VM name: letters, digits and hyphens. */
    static String azureName(String item) {
        String name = item.replaceAll("[^A-Za-z0-9-]", "-").replaceAll("^-+|-+$", "");
        return name.isEmpty() ? "lifeboat-vm" : name.length() > 59 ? name.substring(0, 59) : name;
    }

    private static JobFailedException failed(String what, Exception e, List<String> left, String after) {
        return new JobFailedException("the " + what + " failed: " + JobSteps.reason(e) + (left.isEmpty()
                ? ". Nothing it made is left." : ". Not removed: " + String.join(", ", left)
                + " (delete them by hand).") + after, e);
    }
}
