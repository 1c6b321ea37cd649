package org.lifeboat.policy;

import java.util.Optional;
import org.lifeboat.shared.InvalidRequestException;
import jakarta.ejb.Stateless;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

/** Finds replication policies; the default one always exists. */
@Stateless
public class PolicyCatalog {

    @PersistenceContext
    private EntityManager em;

    public ReplicationPolicy defaultPolicy() {
        ReplicationPolicy policy = em.find(ReplicationPolicy.class, ReplicationPolicy.DEFAULT);
        if (policy == null) {
            policy = ReplicationPolicy.defaults();
            em.persist(policy);
        }
        return policy;
    }

    public Optional<ReplicationPolicy> find(String name) {
        return Optional.ofNullable(em.find(ReplicationPolicy.class, name));
    }

    /**
     * Creates or replaces a policy; true when it was new. A deliberately minimal stand-in (issue 4, part
     * C, for the RPO alert test): the policy helper's full CRUD, with ASR's limits, replaces it at merge.
     */
    public boolean put(String name, int rpoThresholdMinutes, int retentionHours, int appConsistentFrequencyHours,
                       int crashConsistentFrequencyMinutes) {
        if (name == null || !name.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,63}")) {
            throw new InvalidRequestException("name", "a policy's name is 1 to 64 letters, digits, '.', '_' or '-'");
        }
        if (rpoThresholdMinutes < 1) {
            throw new InvalidRequestException("rpoThresholdMinutes", "rpoThresholdMinutes must be at least 1");
        }
        if (retentionHours < 0 || retentionHours > 15 * 24) {
            throw new InvalidRequestException("retentionHours", "retentionHours must be between 0 and 360");
        }
        if (appConsistentFrequencyHours < 0 || appConsistentFrequencyHours > 12) {
            throw new InvalidRequestException("appConsistentFrequencyHours",
                    "appConsistentFrequencyHours must be 0 (off) or 1 to 12");
        }
        if (crashConsistentFrequencyMinutes < 1) {
            throw new InvalidRequestException("crashConsistentFrequencyMinutes",
                    "crashConsistentFrequencyMinutes must be at least 1");
        }
        ReplicationPolicy existing = em.find(ReplicationPolicy.class, name);
        if (existing != null) {
            existing.change(rpoThresholdMinutes, retentionHours, appConsistentFrequencyHours * 60,
                    crashConsistentFrequencyMinutes);
            return false;
        }
        em.persist(new ReplicationPolicy(name, rpoThresholdMinutes, retentionHours, appConsistentFrequencyHours * 60,
                crashConsistentFrequencyMinutes));
        return true;
    }
}
