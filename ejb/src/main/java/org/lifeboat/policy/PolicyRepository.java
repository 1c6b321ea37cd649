package org.lifeboat.policy;

import java.util.List;
import java.util.Optional;
import org.lifeboat.shared.InvalidRequestException;
import jakarta.ejb.Stateless;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import org.lifeboat.event.EventRepository;
import org.lifeboat.event.Severity;
import org.lifeboat.shared.ConflictException;
import org.lifeboat.shared.ItemNotFoundException;
import org.lifeboat.vault.VaultChanged;

/**
 * The vault's replication policies: find, list, create or change, delete. The default one always
 * exists and cannot be deleted; a policy a protected item uses cannot be deleted either.
 */
@Stateless
public class PolicyRepository {

    @PersistenceContext
    private EntityManager em;

    @Inject
    private EventRepository events;

    @Inject
    private Event<VaultChanged> vaultChanged;

    /** Whether {@link #save} made a new policy or changed an existing one. */
    public record Saved(ReplicationPolicy policy, boolean created) {
    }

    public ReplicationPolicy defaultPolicy() {
        ReplicationPolicy policy = em.find(ReplicationPolicy.class, ReplicationPolicy.DEFAULT);
        if (policy == null) {
            policy = ReplicationPolicy.defaults();
            em.persist(policy);
        }
        return policy;
    }

    public Optional<ReplicationPolicy> find(String name) {
        return Optional.ofNullable(name == null ? null : em.find(ReplicationPolicy.class, name));
    }

    /** @throws ItemNotFoundException for an unknown name */
    public ReplicationPolicy get(String name) {
        if (ReplicationPolicy.DEFAULT.equals(name)) {
            return defaultPolicy();
        }
        return find(name).orElseThrow(() -> new ItemNotFoundException("no replication policy '" + name + "'"));
    }

    public List<ReplicationPolicy> all() {
        defaultPolicy();
        return em.createNamedQuery(ReplicationPolicy.ALL, ReplicationPolicy.class).getResultList();
    }

    /**
     * Creates the policy or replaces its settings. Protected items refer to the policy itself, so agents
     * see the change at their next configuration pull and the retention timer at its next run.
     */
    public Saved save(PolicyName name, PolicySettings settings) {
        ReplicationPolicy policy = name.isDefault() ? defaultPolicy() : em.find(ReplicationPolicy.class, name.value());
        if (policy == null) {
            policy = new ReplicationPolicy(name, settings);
            em.persist(policy);
            events.record(Severity.INFO, "policy", "Replication policy '" + name + "' created: " + describe(settings));
            return new Saved(policy, true);
        }
        PolicySettings before = policy.settings();
        if (!before.equals(settings)) {
            policy.change(settings);
            // the vault catalog keeps each item's policy settings, to make the policy again after a site loss
            em.createQuery("SELECT i.name FROM ProtectedItem i WHERE i.policy.name = :policy", String.class)
                    .setParameter("policy", policy.getName()).getResultList()
                    .forEach(item -> vaultChanged.fire(new VaultChanged(item)));
            events.record(Severity.INFO, "policy", "Replication policy '" + name + "' changed from "
                    + describe(before) + " to " + describe(settings));
        }
        return new Saved(policy, false);
    }

    /**
     * @throws ItemNotFoundException for an unknown policy
     * @throws ConflictException     for the default policy, or one that protected items use
     */
    public void delete(String name) {
        ReplicationPolicy policy = get(name);
        if (ReplicationPolicy.DEFAULT.equals(policy.getName())) {
            throw new ConflictException("the default replication policy cannot be deleted");
        }
        // by JPQL name: the protected item depends on the policy, not the other way round
        List<String> users = em.createQuery("SELECT i.name FROM ProtectedItem i WHERE i.policy.name = :policy "
                + "ORDER BY i.name", String.class).setParameter("policy", policy.getName()).setMaxResults(10)
                .getResultList();
        if (!users.isEmpty()) {
            throw new ConflictException("replication policy '" + name + "' is used by protected item(s) "
                    + String.join(", ", users) + "; move them to another policy or disable them first");
        }
        List<String> groups = em.createQuery("SELECT g.name FROM ReplicationGroup g WHERE g.policy.name = :policy "
                + "ORDER BY g.name", String.class).setParameter("policy", policy.getName()).setMaxResults(10)
                .getResultList();
        if (!groups.isEmpty()) {
            throw new ConflictException("replication policy '" + name + "' is followed by replication group(s) "
                    + String.join(", ", groups) + "; give them another policy or delete them first");
        }
        em.remove(policy);
        events.record(Severity.INFO, "policy", "Replication policy '" + name + "' deleted");
    }

    private static String describe(PolicySettings s) {
        return "RPO threshold " + s.rpoThresholdMinutes() + " min, retention " + s.retentionHours()
                + " h, app-consistent every " + (s.appConsistentFrequencyHours() == 0 ? "(off)"
                : s.appConsistentFrequencyHours() + " h") + ", crash-consistent every "
                + s.crashConsistentFrequencyMinutes() + " min";
    }
}
