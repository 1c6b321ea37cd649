package org.lifeboat.vault;

import jakarta.ejb.EJB;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;

/**
 * Hands every committed change to the vault catalog. After success only: a change that rolled back must
 * never reach the catalog, which would then describe data that does not exist.
 */
@ApplicationScoped
public class VaultChangeObserver {

    @EJB
    private VaultCatalog catalog;

    void changed(@Observes(during = TransactionPhase.AFTER_SUCCESS) VaultChanged change) {
        catalog.changed(change.itemName());
    }
}
