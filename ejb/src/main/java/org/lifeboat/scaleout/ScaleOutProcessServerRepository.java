package org.lifeboat.scaleout;

import java.util.List;
import java.util.Optional;
import jakarta.ejb.Stateless;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;

/** The registered scale-out process servers in the vault's database. */
@Stateless
public class ScaleOutProcessServerRepository {

    @PersistenceContext
    private EntityManager em;

    public List<ScaleOutProcessServer> all() {
        return em.createNamedQuery(ScaleOutProcessServer.ALL, ScaleOutProcessServer.class).getResultList();
    }

    public Optional<ScaleOutProcessServer> find(String name) {
        return Optional.ofNullable(name == null || name.length() > 64 ? null : em.find(ScaleOutProcessServer.class, name));
    }

    /** Locked for this transaction: a re-registration and a heartbeat of the same one do not interleave. */
    public Optional<ScaleOutProcessServer> findForUpdate(String name) {
        return Optional.ofNullable(em.find(ScaleOutProcessServer.class, name, LockModeType.PESSIMISTIC_WRITE));
    }

    public Optional<ScaleOutProcessServer> findById(String id) {
        return em.createNamedQuery(ScaleOutProcessServer.BY_ID, ScaleOutProcessServer.class).setParameter("id", id)
                .getResultStream().findFirst();
    }

    /** The names of the protected items assigned to it. */
    public List<String> itemsOf(String name) {
        return em.createQuery(ProcessServerAssignments.ITEMS_OF.replace("SELECT i ", "SELECT i.name "), String.class)
                .setParameter("ps", name).getResultList();
    }

    public void add(ScaleOutProcessServer server) {
        em.persist(server);
    }
}
