package org.lifeboat.bootverification;

import java.time.Instant;
import jakarta.ejb.Stateless;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import org.lifeboat.event.EventRepository;
import org.lifeboat.event.Severity;
import org.lifeboat.recoverypoint.RecoveryPoint;
import org.lifeboat.vault.VaultChanged;

/** Keeps a boot verification's result on its recovery point, and tells the operator when a point did not boot. */
@Stateless
public class BootVerificationRecords {

    @PersistenceContext
    private EntityManager em;

    @Inject
    private EventRepository events;

    @Inject
    private Event<VaultChanged> vaultChanged;

    /** Returns false if the point went meanwhile (pruned or its item disabled): nothing to record on. */
    public boolean record(String itemName, String pointId, BootResult result) {
        RecoveryPoint point = em.find(RecoveryPoint.class, pointId);
        if (point == null || !point.isAvailable()) {
            return false;
        }
        point.bootVerified(new BootVerification(result.outcome(), Instant.now(), result.duration(), result.reason(),
                result.consoleTail()));
        if (result.outcome() != BootOutcome.BOOTED) {
            events.recordAbout(Severity.WARNING, "boot verification", itemName, "Recovery point " + pointId
                    + " of '" + itemName
                    + "' failed boot verification (" + result.outcome() + "): " + result.reason());
        }
        vaultChanged.fire(new VaultChanged(itemName));
        return true;
    }
}
