package org.lifeboat.vault;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.crypto.SecretKey;
import jakarta.annotation.Resource;
import jakarta.ejb.Asynchronous;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.EJB;
import jakarta.ejb.Schedule;
import jakarta.ejb.SessionContext;
import jakarta.ejb.Singleton;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import org.lifeboat.storage.StorageAccount;

/**
 * Keeps the vault catalog in Azure Storage up to date with the database. Changes arrive after their
 * transaction committed ({@link VaultChangeObserver}); they are coalesced per item (ten points of one
 * item in a burst cost one write of its manifest) and written at once in the background. Whatever
 * fails stays pending and is retried every 30 seconds; after a start every item is written once more
 * (and manifests of items disabled here are removed), so a crash between a commit and its write loses
 * nothing. The catalog is only written once its key check proves it is this home's own: a new home
 * pointed at a lost site's storage account writes nothing there until it recovered with that key.
 */
@Singleton
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class VaultCatalog {

    private static final Logger LOG = Logger.getLogger(VaultCatalog.class.getName());

    /** Whose catalog the storage account holds, as far as this server knows. */
    public enum Ownership {
        /** Not checked yet (storage not reached since the start). */
        UNKNOWN,
        /** Sealed with this home's recovery key: kept up to date. */
        OWN,
        /** Sealed with another key (a lost site's): nothing is written until a recovery with that key. */
        FOREIGN
    }

    /** What {@code GET /vault} shows. */
    public record Status(Ownership ownership, int pendingItems, Instant lastWrittenAt, String lastFailure) {
    }

    @Inject
    private StorageAccount storage;

    @Inject
    private VaultRecoveryKey recoveryKey;

    @EJB
    private VaultManifests manifests;

    @Resource
    private SessionContext context;

    private final Set<String> pending = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean flushQueued = new AtomicBoolean();
    private volatile boolean fullPassDue = true;
    private volatile Ownership ownership = Ownership.UNKNOWN;
    private volatile Instant lastWrittenAt;
    private volatile String lastFailure;

    /** An item's part of the catalog changed (committed): write it soon. */
    public void changed(String itemName) {
        pending.add(itemName);
        if (flushQueued.compareAndSet(false, true)) {
            context.getBusinessObject(VaultCatalog.class).flushSoon();
        }
    }

    @Asynchronous
    public void flushSoon() {
        flushQueued.set(false);
        flush();
    }

    @Schedule(second = "*/30", minute = "*", hour = "*", persistent = false)
    public void retry() {
        if (fullPassDue || !pending.isEmpty()) {
            flush();
        }
    }

    /**
     * Writes what is pending. Deletions in Azure Storage call this first and wait for {@code true}: a
     * snapshot or seed blob goes only once no manifest names it any more.
     *
     * @return whether nothing this home changed is left unwritten (a catalog that is not ours counts as written)
     */
    public synchronized boolean flush() {
        try {
            VaultCatalogStore store = store();
            if (!own(store)) {
                return ownership == Ownership.FOREIGN;
            }
            if (fullPassDue) {
                reconcile(store);
                fullPassDue = false;
            }
            for (String item : List.copyOf(pending)) {
                pending.remove(item);
                try {
                    write(store, item);
                } catch (RuntimeException e) {
                    pending.add(item);
                    throw e;
                }
            }
            lastFailure = null;
            return true;
        } catch (RuntimeException e) {
            String kind = StorageAccount.kindOf(e);
            if (!kind.equals(lastFailure)) {
                LOG.log(Level.WARNING, "The vault catalog could not be written (" + kind + "); " + pending.size()
                        + " item(s) pending, retried every 30 s", e);
            }
            lastFailure = kind;
            return false;
        }
    }

    /** The home now holds the recovered vault's key: the catalog is its own from here on. */
    public void recovered(SecretKey key) {
        recoveryKey.replace(key);
        ownership = Ownership.OWN;
        fullPassDue = true;
    }

    public Status status() {
        return new Status(ownership, pending.size(), lastWrittenAt, lastFailure);
    }

    private VaultCatalogStore store() {
        if (storage.client() == null) {
            throw new IllegalStateException("no storage account configured");
        }
        return new VaultCatalogStore(storage.client().getBlobContainerClient(VaultCatalogStore.CONTAINER),
                recoveryKey.key());
    }

    private boolean own(VaultCatalogStore store) {
        if (ownership == Ownership.OWN) {
            return true;
        }
        Optional<Boolean> matches = store.keyMatches();
        if (matches.isEmpty()) {
            store.create();
            matches = store.keyMatches(); // another server may have created it first, under its key
        }
        Ownership found = matches.orElse(false) ? Ownership.OWN : Ownership.FOREIGN;
        if (found == Ownership.FOREIGN && ownership != Ownership.FOREIGN) {
            LOG.severe("The storage account '" + storage.accountName() + "' holds a vault catalog sealed with another "
                    + "recovery key: nothing is written to it. After the loss of a site, run './lifeboat vault "
                    + "recover --key-file FILE' with that site's key.");
        }
        ownership = found;
        return found == Ownership.OWN;
    }

    private void write(VaultCatalogStore store, String item) {
        Optional<ItemManifest> manifest = manifests.of(item);
        if (manifest.isPresent()) {
            store.write(manifest.get());
        } else {
            store.delete(item);
        }
        lastWrittenAt = Instant.now();
    }

    /**
     * Every item of the database written again; a manifest of an item the database no longer has is
     * removed only when its data is going or gone (disabled here: its seed blobs are being removed or
     * missing), never merely because the database does not know it.
     */
    private void reconcile(VaultCatalogStore store) {
        Set<String> known = new HashSet<>(manifests.itemNames());
        for (String item : known) {
            write(store, item);
        }
        Set<String> removing = Set.copyOf(manifests.seedsBeingRemoved());
        var seeds = storage.client().getBlobContainerClient(StorageAccount.SEED_CONTAINER);
        for (String item : store.itemNames()) {
            if (known.contains(item)) {
                continue;
            }
            ItemManifest manifest = store.read(item);
            if (manifest.disks().stream().anyMatch(disk -> removing.contains(disk.seedBlobName())
                    || !Boolean.TRUE.equals(seeds.getBlobClient(disk.seedBlobName()).exists()))) {
                store.delete(item);
                LOG.info(() -> "Vault catalog: removed the manifest of '" + item + "', disabled here");
            }
        }
        LOG.info(() -> "Vault catalog written for " + known.size() + " item(s)");
    }
}
