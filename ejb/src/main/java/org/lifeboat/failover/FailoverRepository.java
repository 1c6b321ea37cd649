package org.lifeboat.failover;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import org.lifeboat.event.EventRepository;
import org.lifeboat.event.Severity;
import org.lifeboat.fabric.MobilityAgent;
import org.lifeboat.protecteditem.ProtectedDisk;
import org.lifeboat.protecteditem.ProtectedItem;
import org.lifeboat.recoverypoint.RecoveryPoint;
import org.lifeboat.recoverypoint.RecoveryPointRepository;
import org.lifeboat.shared.ConflictException;
import org.lifeboat.shared.ItemNotFoundException;
import org.lifeboat.vault.VaultChanged;

/**
 * Every change of an item's failover state, each in its own transaction with the item's row locked, so
 * that two requests never both pass the same check; each fires {@link VaultChanged} so the vault's
 * catalog in Azure Storage follows after commit.
 */
@Stateless
public class FailoverRepository {

    @PersistenceContext
    private EntityManager em;

    @EJB
    private RecoveryPointRepository recoveryPoints;

    @Inject
    private EventRepository events;

    @Inject
    private Event<VaultChanged> vaultChanged;

    /** The item, read for a decision (not locked). */
    public ProtectedItem item(String name) {
        ProtectedItem item = name == null ? null : em.find(ProtectedItem.class, name);
        if (item == null) {
            throw new ItemNotFoundException("no protected item '" + name + "'");
        }
        return item;
    }

    /** Whether the item has a point to fail over to. */
    public boolean hasPoint(String name) {
        return recoveryPoints.latest(name).isPresent();
    }

    /**
     * Checks the operation is allowed and marks its job running, or refuses with the reason and changes nothing.
     *
     * @throws ConflictException with the reason the item's state does not allow it
     */
    public FailoverStatus begin(String name, FailoverOperation operation) {
        ProtectedItem item = locked(name);
        FailoverStatus status = item.failover();
        Optional<String> refusal = status.refusal(operation, hasPoint(name));
        if (refusal.isPresent()) {
            throw new ConflictException(operation.apiName() + " of '" + name + "' is not allowed: " + refusal.get());
        }
        switch (operation) {
            case TEST_FAILOVER -> status.testStarted();
            case TEST_FAILOVER_CLEANUP -> status.cleanupStarted();
            case UNPLANNED_FAILOVER -> status.phaseStarted(FailoverPhase.FAILING_OVER);
            case APPLY_RECOVERY_POINT -> status.phaseStarted(FailoverPhase.CHANGING_POINT);
            case FAILOVER_COMMIT -> status.phaseStarted(FailoverPhase.COMMITTING);
            case FAILOVER_CANCEL -> status.phaseStarted(FailoverPhase.CANCELLING);
            case REPROTECT -> status.phaseStarted(status.phase() == FailoverPhase.COMMITTED ? FailoverPhase.REPROTECTING
                    : FailoverPhase.PROTECTING_AGAIN);
            case PLANNED_FAILOVER -> status.phaseStarted(FailoverPhase.FAILING_BACK);
        }
        changed(name);
        return status;
    }

    public void testSucceeded(String name, String pointId, String folder) {
        locked(name).failover().testSucceeded(pointId, folder);
        events.recordAbout(Severity.INFO, "failover", name, "Test failover of '" + name + "' succeeded from recovery "
                + "point " + pointId + "; clean it up when the drill is over");
        changed(name);
    }

    public void testFailed(String name, String folder, boolean artifactsLeft) {
        locked(name).failover().testFailed(folder, artifactsLeft);
        events.recordAbout(Severity.WARNING, "failover", name, "Test failover of '" + name + "' failed"
                + (artifactsLeft ? "; what it made is left under " + FailoverDisks.CONTAINER + "/" + folder : ""));
        changed(name);
    }

    /** The drill is gone; the operator's comments go into the item's history. */
    public void cleanedUp(String name, String comments) {
        locked(name).failover().cleanedUp();
        events.recordAbout(Severity.INFO, "failover", name, "Test failover of '" + name + "' cleaned up"
                + (comments == null || comments.isBlank() ? "" : ": " + comments));
        changed(name);
    }

    public void cleanupFailed(String name) {
        locked(name).failover().cleanupFailed();
        changed(name);
    }

    public void failedOver(String name, String pointId, String folder) {
        locked(name).failover().failedOver(pointId, folder, Instant.now());
        events.recordAbout(Severity.WARNING, "failover", name,
                "'" + name + "' failed over to recovery point " + pointId);
        changed(name);
    }

    /**
     * Failback: the failed-over machine replicates back as {@code reverse}; an item recovered from the vault takes
     * {@code masterTarget} (checked, null: none) as its agent.
     */
    public void reverseReplicating(String name, String reverse, String masterTarget) {
        ProtectedItem item = locked(name);
        if (masterTarget != null) {
            item.adoptedBy(em.find(MobilityAgent.class, masterTarget));
        }
        item.failover().reverseReplicating(reverse);
        events.recordAbout(Severity.INFO, "failover", name,
                "'" + name + "' replicates back towards Primary as '" + reverse + "'"
                + (masterTarget == null ? "" : "; agent " + masterTarget + ", of its original machine, is its agent "
                + "again (master target)"));
        changed(name);
    }

    /** Failback: the reverse side's final point is taken; the master target brings the on-premises disks to it. */
    public void failedBack(String name, String pointId) {
        locked(name).failover().failedBack(pointId);
        events.recordAbout(Severity.WARNING, "failover", name,
                "'" + name + "' failed back to Primary at recovery point " + pointId);
        changed(name);
    }

    /** Failback done: the item is protected towards Recovery again. */
    public void reprotectedForward(String name) {
        locked(name).failover().reprotectedForward();
        events.recordAbout(Severity.INFO, "failover", name, "'" + name + "' is protected towards Recovery again");
        changed(name);
    }

    /** The running job failed and undid what it made: the item is back in the phase it started from. */
    public void phaseFailed(String name, FailoverPhase before) {
        locked(name).failover().phaseFailed(before);
        changed(name);
    }

    /** Commits the failover: every other point is marked deleting (their snapshots go after this commits). */
    public int committed(String name) {
        ProtectedItem item = locked(name);
        String kept = item.failover().failoverPointId();
        List<RecoveryPoint> others = recoveryPoints.of(name).stream().filter(p -> !p.getId().equals(kept)).toList();
        others.forEach(p -> recoveryPoints.markDeleting(p.getId()));
        item.failover().committed(Instant.now());
        events.recordAbout(Severity.INFO, "failover", name,
                "Failover of '" + name + "' committed to recovery point " + kept
                + "; " + others.size() + " other recovery point(s) deleted");
        changed(name);
        return others.size();
    }

    public void cancelled(String name) {
        locked(name).failover().cancelled();
        events.recordAbout(Severity.INFO, "failover", name,
                "Failover of '" + name + "' cancelled; replication resumes");
        changed(name);
    }

    /** The item's disks, the boot disk first (the settings' boot disk, else the first disk). */
    public List<ProtectedDisk> disksBootFirst(String name) {
        ProtectedItem item = item(name);
        String boot = item.getFailoverSettings().getBootDiskId();
        return item.getDisks().stream().sorted((a, b) -> Boolean.compare(!a.getId().equals(boot),
                !b.getId().equals(boot))).toList();
    }

    public void settingsChanged(String name, FailoverSettings settings) {
        locked(name).setFailoverSettings(settings);
        changed(name);
    }

    /**
     * {@code PUT .../failoverSettings} and the item page's form: the values checked (the boot disk against the item's
     * disks), then stored in place of the item's settings.
     *
     * @throws org.lifeboat.shared.InvalidRequestException naming the first field Azure would refuse; nothing changed
     */
    public FailoverSettings replaceSettings(String name, String targetVmName, String vmSize, String networkId,
                                            String subnet, String testNetworkId, String testSubnet, String staticIp,
                                            String bootDiskId) {
        ProtectedItem item = locked(name);
        FailoverSettings settings = FailoverSettings.validated(targetVmName, vmSize, networkId, subnet, testNetworkId,
                testSubnet, staticIp, bootDiskId, item.getDisks().stream().map(ProtectedDisk::getId).toList());
        item.setFailoverSettings(settings);
        changed(name);
        return settings;
    }

    /** After a restart: every item a failover job was running on goes back to where it was before it. */
    public void recoverInterrupted() {
        for (ProtectedItem item : em.createNamedQuery(ProtectedItem.ALL, ProtectedItem.class).getResultList()) {
            item.failover().interrupted().ifPresent(what -> {
                events.recordAbout(Severity.WARNING, "failover", item.getName(), "The server stopped during "
                        + what + " of '" + item.getName() + "': the item is back to its state before it; blobs the "
                        + "job made may be left under " + FailoverDisks.CONTAINER + "/" + item.getName() + "/ (a "
                        + "drill's are removed by testFailoverCleanup)");
                changed(item.getName());
            });
        }
    }

    private ProtectedItem locked(String name) {
        ProtectedItem item = name == null ? null : em.find(ProtectedItem.class, name, LockModeType.PESSIMISTIC_WRITE);
        if (item == null) {
            throw new ItemNotFoundException("no protected item '" + name + "'");
        }
        return item;
    }

    private void changed(String name) {
        vaultChanged.fire(new VaultChanged(name));
    }
}
