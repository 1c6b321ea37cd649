package org.lifeboat.policy;

import java.util.Optional;
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
}
