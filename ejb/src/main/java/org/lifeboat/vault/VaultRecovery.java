package org.lifeboat.vault;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.crypto.SecretKey;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import org.lifeboat.event.EventRepository;
import org.lifeboat.event.Severity;
import org.lifeboat.policy.PolicyRepository;
import org.lifeboat.policy.PolicyName;
import org.lifeboat.policy.ReplicationPolicy;
import org.lifeboat.protecteditem.ProtectedItem;
import org.lifeboat.recoverypoint.RecoveryPoint;
import org.lifeboat.replicationgroup.ReplicationGroup;
import org.lifeboat.shared.ConflictException;
import org.lifeboat.shared.InvalidRequestException;
import org.lifeboat.storage.StorageAccount;

/**
 * Rebuilds this (new) home's catalog from the vault catalog in Azure Storage after the site was lost:
 * every item with its disks, recovery points and policy, marked recovered (no replication source until
 * an agent comes back). The key is proved on the {@code key-check} blob and every manifest is read and
 * opened before anything is written, in the database or anywhere else; a wrong key changes nothing.
 */
@Stateless
public class VaultRecovery {

    /** What was recovered. */
    public record Recovered(List<String> items, int recoveryPoints) {
    }

    @PersistenceContext
    private EntityManager em;

    @Inject
    private StorageAccount storage;

    @EJB
    private PolicyRepository policies;

    @EJB
    private VaultCatalog catalog;

    @Inject
    private EventRepository events;

    /** The items' replication groups as their manifests name them, with the members recovered here. */
    private void recoverGroups(List<ItemManifest> manifests) {
        java.util.Set<String> recovered = new java.util.HashSet<>(manifests.stream().map(ItemManifest::name).toList());
        java.util.Map<String, ItemManifest.Group> groups = new java.util.LinkedHashMap<>();
        manifests.stream().map(ItemManifest::replicationGroup).filter(java.util.Objects::nonNull)
                .forEach(g -> groups.putIfAbsent(g.name(), g));
        for (ItemManifest.Group group : groups.values()) {
            List<String> members = group.items().stream().filter(recovered::contains).toList();
            ReplicationPolicy policy = policies.find(group.policy()).orElseGet(policies::defaultPolicy);
            if (!members.isEmpty()) {
                em.persist(ReplicationGroup.recovered(group.name(), policy, members));
            }
        }
    }

    /**
     * @throws InvalidRequestException the text is no key, or not this vault's key
     * @throws ConflictException       this home already protects items, or the account holds no catalog
     */
    public Recovered recover(String keyText) {
        SecretKey key = VaultRecoveryKey.parse(keyText);
        long items = em.createQuery("SELECT COUNT(i) FROM ProtectedItem i", Long.class).getSingleResult();
        if (items > 0) {
            throw new ConflictException("this Lifeboat already protects " + items + " item(s); recover the vault "
                    + "into a new Lifeboat home");
        }
        if (storage.client() == null) {
            throw new ConflictException("no storage account is configured: " + storage.accountName());
        }
        VaultCatalogStore store = new VaultCatalogStore(
                storage.client().getBlobContainerClient(VaultCatalogStore.CONTAINER), key);
        Boolean matches = store.keyMatches().orElseThrow(() -> new ConflictException("the storage account '"
                + storage.accountName() + "' holds no vault catalog (no blob '" + VaultCatalogStore.KEY_CHECK
                + "' in container '" + VaultCatalogStore.CONTAINER + "'); check the connection string"));
        if (!matches) {
            throw new InvalidRequestException("recoveryKey", "this recovery key does not open the vault catalog in "
                    + "storage account '" + storage.accountName() + "' (its key check failed); nothing was changed");
        }
        List<ItemManifest> manifests = new ArrayList<>();
        for (String name : store.itemNames()) {
            try {
                manifests.add(store.read(name));
            } catch (RuntimeException e) {
                throw new ConflictException("the vault catalog's manifest of '" + name + "' cannot be read ("
                        + e.getMessage() + "); nothing was changed");
            }
        }

        Instant now = Instant.now();
        int points = 0;
        for (ItemManifest manifest : manifests) {
            ReplicationPolicy policy = policies.find(manifest.policy()).orElseGet(() ->
                    policies.save(new PolicyName(manifest.policy()), manifest.policySettings()).policy());
            ProtectedItem item = ProtectedItem.recovered(manifest.name(), policy, manifest.enabledAt(), now);
            manifest.disks().forEach(d -> item.recoveredDisk(d.id(), d.path(), d.sizeBytes(), d.seedBlobName(),
                    d.seeded()));
            item.setFailoverSettings(manifest.failoverSettings());
            item.recoveredFailover(manifest.failover()); // a committed failover goes on here: failback
            em.persist(item);
            for (ItemManifest.Point p : manifest.points()) {
                em.persist(RecoveryPoint.recovered(p.id(), manifest.name(), p.bookmarkId(), p.consistency(),
                        p.sourceTime(), p.createdAt(), p.snapshots()));
                points++;
            }
        }
        recoverGroups(manifests);
        em.flush(); // a database refusal surfaces here, before the home takes the recovered key
        catalog.recovered(key);
        List<String> names = manifests.stream().map(ItemManifest::name).toList();
        events.record(Severity.INFO, "vault", "Recovered " + names.size() + " protected item(s) with " + points
                + " recovery point(s) from the vault catalog in storage account '" + storage.accountName() + "'");
        return new Recovered(names, points);
    }
}
