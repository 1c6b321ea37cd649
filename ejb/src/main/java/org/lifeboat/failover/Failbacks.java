package org.lifeboat.failover;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import org.lifeboat.fabric.AgentDisk;
import org.lifeboat.job.Job;
import org.lifeboat.job.JobFailedException;
import org.lifeboat.job.JobRunner;
import org.lifeboat.job.JobWork;
import org.lifeboat.protecteditem.ProtectedDisk;
import org.lifeboat.protecteditem.ProtectedItem;
import org.lifeboat.protecteditem.ReplicationEnabler;
import org.lifeboat.protecteditem.SeedBlobStore;
import org.lifeboat.recoverypoint.RecoveryPoint;
import org.lifeboat.resync.ResyncStarter;
import org.lifeboat.shared.ConflictException;
import org.lifeboat.shared.InvalidRequestException;
import org.lifeboat.shared.ItemNotFoundException;
import org.lifeboat.storage.StorageAccount;

/**
 * Failback, as ASR names its actions: after a committed failover, {@code reProtect} towards Primary has the
 * failed-over machine replicate back as a <em>reverse item</em> whose seeds start as server-side copies of the
 * failover disks it runs on (so its agent sends only what differs); {@code plannedFailover} towards Primary takes
 * the reverse side's final point, which the master target on premises ({@code lifeboat-agent receive}) applies to
 * the original disks; {@code reProtect} towards Recovery removes the reverse item and protects the item as before,
 * its original seeds brought up to date by a checksum resync. Each runs as a job; callable per item (REST, plans).
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class Failbacks {

    static final String PREREQUISITES = Failovers.PREREQUISITES;
    static final String CREATE_REVERSE_SEEDS = "Create reverse seeds from the failover disks";
    static final String ENABLE_REVERSE = "Enable reverse replication";
    static final String DEALLOCATE = ArmDeployment.DEALLOCATE_STEP;
    static final String FINAL_POINT = "Take the final recovery point";
    static final String REMOVE_REVERSE = "Remove reverse replication";
    static final String RESUME_REPLICATION = "Resume replication with a resync";

    @EJB
    private FailoverRepository ledger;

    @EJB
    private JobRunner jobs;

    @EJB
    private ReplicationEnabler replication;

    @EJB
    private LatestPoints latestPoints;

    @EJB
    private ResyncStarter resyncs;

    @Inject
    private SeedBlobStore seeds;

    @Inject
    private StorageAccount storage;

    @Inject
    private FailoverDisks failoverDisks;

    /** The reverse item of an item: its failed-over machine replicating back. */
    public static String reverseName(String item) {
        String suffix = "-failback";
        return (item.length() + suffix.length() > 64 ? item.substring(0, 64 - suffix.length()) : item) + suffix;
    }

    /**
     * @param agentId        towards Primary: the agent running inside the failed-over machine (registered with the
     *                       disks the machine runs on, in the order of the item's disks); ignored towards Recovery
     * @param masterTargetId towards Primary, for an item recovered from the vault on this server (it has no agent):
     *                       the agent of its original machine registered with this server, which becomes the item's
     *                       agent (the master target that receives the final point, then replicates forward again);
     *                       null for an item that has its agent
     * @throws ConflictException if the item's state does not allow it (nothing changed)
     * @throws InvalidRequestException for a missing or unsuitable agent (nothing changed)
     */
    public Job reProtect(String item, FailoverDirection direction, String agentId, String masterTargetId) {
        FailoverPhase now = ledger.item(item).failover().phase();
        FailoverPhase needed = direction == FailoverDirection.RECOVERY_TO_PRIMARY ? FailoverPhase.COMMITTED
                : FailoverPhase.FAILED_BACK;
        if (now != needed && !now.jobRunning()) {
            throw new ConflictException("reProtect " + direction.apiName() + " of '" + item + "' is not allowed: it "
                    + "needs the item " + (needed == FailoverPhase.COMMITTED ? "failed over and committed"
                    : "failed back (plannedFailover RecoveryToPrimary)") + "; it is " + ledger.item(item).failover()
                    .protectionState(true) + " in " + ledger.item(item).failover().activeLocation());
        }
        return direction == FailoverDirection.RECOVERY_TO_PRIMARY ? reProtectTowardsPrimary(item, agentId,
                masterTargetId) : reProtectTowardsRecovery(item);
    }

    /**
     * The reverse side's final point ("Latest": everything its agent sent before the request), for the master target.
     * Stop the workload on the failed-over machine first (in Azure: deallocate the VM, the first of the failover's
     * failback steps, {@link ArmDeployment#failbackSteps}) for zero data loss.
     */
    public Job plannedFailover(String item, FailoverDirection direction) {
        if (direction != FailoverDirection.RECOVERY_TO_PRIMARY) {
            throw new InvalidRequestException("failoverDirection", "a planned failover goes RecoveryToPrimary "
                    + "(failback); towards Recovery use unplannedFailover");
        }
        ledger.begin(item, FailoverOperation.PLANNED_FAILOVER);
        String reverse = ledger.item(item).failover().reverseItem();
        String folder = ledger.item(item).failover().failoverFolder();
        return submit(FailoverOperation.PLANNED_FAILOVER, item, List.of(PREREQUISITES, DEALLOCATE, FINAL_POINT), job -> {
            JobSteps steps = new JobSteps(job);
            steps.run(PREREQUISITES, () -> "'" + item + "' replicates back as '" + reverse + "'");
            // the operator's or pipeline's step, before this request: Lifeboat calls no Azure API
            steps.skip(DEALLOCATE, "Lifeboat calls no Azure API: the VM is deallocated before this request by the "
                    + "ARM call of the failover's steps (" + (failoverDisks.text(folder, FailoverDisks.FAILBACK_STEPS)
                    == null ? "this failover predates them: POST .../virtualMachines/{vm}/deallocate" : "GET "
                    + "/api/v1/protectedItems/" + item + "/deployments/failover/failback, in " + FailoverDisks.CONTAINER
                    + "/" + folder + FailoverDisks.FAILBACK_STEPS) + ")");
            RecoveryPoint[] point = new RecoveryPoint[1];
            try {
                steps.run(FINAL_POINT, () -> {
                    point[0] = latestPoints.take(reverse, Failovers.LATEST_TIMEOUT);
                    return "recovery point " + point[0].getId() + " of '" + reverse + "' (source time "
                            + point[0].getSourceTime() + ")";
                });
                ledger.failedBack(item, point[0].getId());
            } catch (Exception e) {
                ledger.phaseFailed(item, FailoverPhase.REPLICATING_BACK);
                throw new JobFailedException("the planned failover of '" + item + "' failed: " + JobSteps.reason(e)
                        + "; it still replicates back", e);
            }
            List<String> receives = new ArrayList<>();
            for (ProtectedDisk disk : replication.find(reverse).getDisks()) {
                receives.add("lifeboat-agent receive --disk-id " + disk.getId() + " --point " + point[0].getId());
            }
            return "'" + item + "' failed back to recovery point " + point[0].getId() + " of '" + reverse + "'. On "
                    + "premises, with the machine off, bring each disk to it: " + String.join("; ", receives)
                    + " (with --state and --disk); then reProtect PrimaryToRecovery";
        }, () -> ledger.phaseFailed(item, FailoverPhase.REPLICATING_BACK));
    }

    private Job reProtectTowardsPrimary(String item, String agentId, String masterTargetId) {
        if (agentId == null || agentId.isBlank()) {
            throw new InvalidRequestException("agentId", "agentId (the agent inside the failed-over machine) is "
                    + "required towards Primary");
        }
        ProtectedItem protectedItem = ledger.item(item);
        String adopted = masterTargetToAdopt(protectedItem, agentId, masterTargetId);
        List<ProtectedDisk> itemDisks = ledger.disksBootFirst(item);
        List<AgentDisk> agentDisks = replication.disksOf(agentId);
        if (agentDisks.size() != itemDisks.size()) {
            throw new InvalidRequestException("agentId", "agent " + agentId + " has " + agentDisks.size()
                    + " disk(s); '" + item + "' failed over with " + itemDisks.size());
        }
        for (int i = 0; i < itemDisks.size(); i++) {
            if (agentDisks.get(i).getSizeBytes() != itemDisks.get(i).getSizeBytes()) {
                throw new InvalidRequestException("agentId", "disk " + agentDisks.get(i).getPath() + " of agent "
                        + agentId + " has " + agentDisks.get(i).getSizeBytes() + " bytes; the failover disk of "
                        + itemDisks.get(i).getPath() + " " + itemDisks.get(i).getSizeBytes());
            }
        }
        String reverse = reverseName(item);
        String policy = protectedItem.getPolicy().getName();
        ledger.begin(item, FailoverOperation.REPROTECT);
        String folder = ledger.item(item).failover().failoverFolder();
        return submit(FailoverOperation.REPROTECT, item, List.of(PREREQUISITES, CREATE_REVERSE_SEEDS, ENABLE_REVERSE),
                job -> {
            JobSteps steps = new JobSteps(job);
            steps.run(PREREQUISITES, () -> "RecoveryToPrimary: '" + item + "' runs on " + itemDisks.size()
                    + " failover disk(s) in " + FailoverDisks.CONTAINER + "/" + folder);
            List<String> diskIds = new ArrayList<>();
            try {
                steps.run(CREATE_REVERSE_SEEDS, () -> {
                    var failover = storage.client().getBlobContainerClient(FailoverDisks.CONTAINER);
                    for (int i = 0; i < itemDisks.size(); i++) {
                        String diskId = UUID.randomUUID().toString();
                        diskIds.add(diskId);
                        seeds.copy(diskId, agentDisks.get(i).getSizeBytes(), failover.getBlobClient(
                                FailoverDisks.diskBlob(folder, itemDisks.get(i).getId())).getBlobUrl());
                    }
                    return diskIds.size() + " seed(s) copied in storage from the failover disks (no upload)";
                });
                steps.run(ENABLE_REVERSE, () -> {
                    replication.enableSeeded(reverse, agentId, policy, diskIds);
                    ledger.reverseReplicating(item, reverse, adopted);
                    return "'" + reverse + "' replicates agent " + agentId + "; it sends only the blocks that differ "
                            + "from the failover disks, then every change, with recovery points by policy " + policy;
                });
            } catch (Exception e) {
                try {
                    replication.disable(reverse); // enabled before the item's state failed to follow: its seeds go
                } catch (ItemNotFoundException notEnabled) {
                    diskIds.forEach(diskId -> seeds.delete(SeedBlobStore.nameOf(diskId)));
                }
                ledger.phaseFailed(item, FailoverPhase.COMMITTED);
                throw new JobFailedException("the reProtect of '" + item + "' towards Primary failed: "
                        + JobSteps.reason(e) + "; nothing it made is left", e);
            }
            return "'" + item + "' replicates back towards Primary as '" + reverse + "'";
        }, () -> ledger.phaseFailed(item, FailoverPhase.COMMITTED));
    }

    /**
     * The agent an item recovered from the vault (no agent: its site's server was lost) takes as its own, checked;
     * null for an item that has its agent, which is its master target.
     */
    private String masterTargetToAdopt(ProtectedItem item, String agentId, String masterTargetId) {
        boolean given = masterTargetId != null && !masterTargetId.isBlank();
        if (item.getAgent() != null) {
            if (given && !masterTargetId.equals(item.getAgent().getId())) {
                throw new InvalidRequestException("masterTargetId", "'" + item.getName() + "' has its agent "
                        + item.getAgent().getId() + ", its master target; masterTargetId is for an item recovered "
                        + "from the vault");
            }
            return null;
        }
        if (!given) {
            throw new InvalidRequestException("masterTargetId", "'" + item.getName() + "' was recovered from the "
                    + "vault and has no agent: masterTargetId (the agent of its original machine, registered with "
                    + "this server) is required towards Primary");
        }
        if (masterTargetId.equals(agentId)) {
            throw new InvalidRequestException("masterTargetId", "the master target is the agent of the on-premises "
                    + "machine, not the one inside the failed-over machine (agentId)");
        }
        replication.checkAdoptable(item, masterTargetId, "masterTargetId");
        return masterTargetId;
    }

    private Job reProtectTowardsRecovery(String item) {
        ledger.begin(item, FailoverOperation.REPROTECT);
        String reverse = ledger.item(item).failover().reverseItem();
        return submit(FailoverOperation.REPROTECT, item, List.of(PREREQUISITES, REMOVE_REVERSE, RESUME_REPLICATION),
                job -> {
            JobSteps steps = new JobSteps(job);
            steps.run(PREREQUISITES, () -> "PrimaryToRecovery: '" + item + "' failed back to point "
                    + ledger.item(item).failover().failbackPointId() + " of '" + reverse + "'");
            try {
                steps.run(REMOVE_REVERSE, () -> {
                    try {
                        replication.disable(reverse);
                    } catch (ItemNotFoundException e) {
                        return "'" + reverse + "' was removed already"; // by an earlier, interrupted reProtect
                    }
                    return "'" + reverse + "' disabled; its seeds and points are being removed";
                });
            } catch (Exception e) {
                ledger.phaseFailed(item, FailoverPhase.FAILED_BACK);
                throw new JobFailedException("the reProtect of '" + item + "' towards Recovery failed: "
                        + JobSteps.reason(e), e);
            }
            String resync = steps.run(RESUME_REPLICATION, () -> {
                ledger.reprotectedForward(item);
                return "the agent replicates again from its next configuration pull; resync job "
                        + resyncs.start(item).getId() + " compares its disks with the original seeds and sends only "
                        + "what differs";
            });
            return "'" + item + "' is protected towards Recovery again: " + resync;
        }, () -> ledger.phaseFailed(item, FailoverPhase.FAILED_BACK));
    }

    private Job submit(FailoverOperation operation, String item, List<String> steps, JobWork work, Runnable undo) {
        try {
            return jobs.submit(operation.apiName(), item, steps, work);
        } catch (RuntimeException e) {
            undo.run();
            throw e;
        }
    }
}
