package org.lifeboat.replicationgroup;

import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import org.lifeboat.event.EventRepository;
import org.lifeboat.event.Severity;
import org.lifeboat.policy.PolicyRepository;
import org.lifeboat.policy.PolicyName;
import org.lifeboat.policy.ReplicationPolicy;
import org.lifeboat.protecteditem.ProtectedItem;
import org.lifeboat.shared.InvalidRequestException;
import org.lifeboat.shared.ItemNotFoundException;
import org.lifeboat.vault.VaultChanged;

/**
 * Creates, changes and deletes replication groups. An item is in one group at most; a member must be an
 * item that replicates now (not one recovered from the vault and waiting for its agent, not one failed over).
 */
@Stateless
public class ReplicationGroupRepository {

    @PersistenceContext
    private EntityManager em;

    @EJB
    private PolicyRepository policies;

    @EJB
    private EventRepository events;

    @Inject
    private Event<VaultChanged> vaultChanged;

    public record Saved(ReplicationGroup group, boolean created) {
    }

    /**
     * Creates the group or replaces its members and policy.
     *
     * @param policyName null: the default policy
     * @throws InvalidRequestException naming the field, nothing changed
     */
    public Saved save(String name, String policyName, List<String> items) {
        try {
            new PolicyName(name); // the same safe charset and length as a policy's name: it is in URLs too
        } catch (InvalidRequestException e) {
            throw new InvalidRequestException("name", "a replication group's name is 1 to " + PolicyName.MAX_LENGTH
                    + " letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
        ReplicationPolicy policy;
        try {
            policy = policies.get(policyName == null ? ReplicationPolicy.DEFAULT : policyName);
        } catch (ItemNotFoundException e) {
            throw new InvalidRequestException("policy", "no replication policy '" + policyName + "'");
        }
        Set<String> members = checkedMembers(name, items);
        ReplicationGroup group = em.find(ReplicationGroup.class, name);
        Set<String> changed = new LinkedHashSet<>(members);
        boolean created = group == null;
        if (created) {
            group = new ReplicationGroup(name, policy, List.copyOf(members));
            em.persist(group);
        } else {
            changed.addAll(group.getMembers()); // a member that left must lose the group in its manifest too
            group.change(policy, List.copyOf(members));
        }
        changed.forEach(item -> vaultChanged.fire(new VaultChanged(item)));
        events.record(Severity.INFO, "replication group", "Replication group '" + name + "' " + (created ? "created"
                : "changed") + ": " + String.join(", ", members) + " under policy '" + policy.getName() + "'");
        return new Saved(group, created);
    }

    private Set<String> checkedMembers(String group, List<String> items) {
        if (items == null || items.isEmpty()) {
            throw new InvalidRequestException("items", "a replication group needs at least one protected item");
        }
        Set<String> members = new LinkedHashSet<>(items);
        if (members.size() != items.size()) {
            throw new InvalidRequestException("items", "an item is listed twice");
        }
        if (members.size() > ReplicationGroup.MAX_MEMBERS) {
            throw new InvalidRequestException("items", "a replication group has at most " + ReplicationGroup.MAX_MEMBERS
                    + " items, not " + members.size());
        }
        for (String name : members) {
            ProtectedItem item = name == null ? null : em.find(ProtectedItem.class, name);
            if (item == null) {
                throw new InvalidRequestException("items", "no protected item '" + name + "'");
            }
            if (item.isRecovered() || item.getAgent() == null) {
                throw new InvalidRequestException("items", "'" + name + "' was recovered from the vault and no agent "
                        + "replicates it");
            }
            if (item.failover().replicationStopped()) {
                throw new InvalidRequestException("items", "'" + name + "' is failed over and does not replicate");
            }
            Optional<String> other = groupOf(name).filter(g -> !g.equals(group));
            if (other.isPresent()) {
                throw new InvalidRequestException("items", "'" + name + "' is already in replication group '"
                        + other.get() + "'");
            }
        }
        return members;
    }

    public Optional<ReplicationGroup> find(String name) {
        return Optional.ofNullable(name == null ? null : em.find(ReplicationGroup.class, name));
    }

    /** @throws ItemNotFoundException for an unknown group */
    public ReplicationGroup get(String name) {
        return find(name).orElseThrow(() -> new ItemNotFoundException("no replication group '" + name + "'"));
    }

    public List<ReplicationGroup> all() {
        return em.createNamedQuery(ReplicationGroup.ALL, ReplicationGroup.class).getResultList();
    }

    /** The group an item is in, if any. */
    public Optional<String> groupOf(String itemName) {
        return em.createQuery("SELECT g.name FROM ReplicationGroup g JOIN g.members m WHERE m = :item", String.class)
                .setParameter("item", itemName).getResultStream().findFirst();
    }

    /** Each grouped item's group, in one query (as {@link #groupOf} for every item). */
    public Map<String, String> groupOfEach() {
        Map<String, String> groups = new HashMap<>();
        em.createQuery("SELECT m, g.name FROM ReplicationGroup g JOIN g.members m", Object[].class).getResultList()
                .forEach(row -> groups.put((String) row[0], (String) row[1]));
        return groups;
    }

    /** The group's points stay with its members' points; only the grouping goes. */
    public void delete(String name) {
        ReplicationGroup group = get(name);
        em.remove(group);
        group.getMembers().forEach(item -> vaultChanged.fire(new VaultChanged(item)));
        events.record(Severity.INFO, "replication group", "Replication group '" + name + "' deleted");
    }

    /** A disabled item leaves its group, in the caller's transaction. */
    public void leave(String itemName) {
        groupOf(itemName).map(g -> em.find(ReplicationGroup.class, g)).ifPresent(group -> {
            List<String> rest = group.getMembers().stream().filter(m -> !m.equals(itemName)).toList();
            if (rest.isEmpty()) {
                em.remove(group);
            } else {
                group.change(group.getPolicy(), rest);
            }
            rest.forEach(member -> vaultChanged.fire(new VaultChanged(member)));
        });
    }
}
