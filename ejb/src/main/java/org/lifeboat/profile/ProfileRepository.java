package org.lifeboat.profile;

import java.time.Instant;
import java.util.List;
import jakarta.ejb.Stateless;
import jakarta.json.JsonObject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

/** The machines' churn profiles: one per machine, the latest upload replacing the one before. */
@Stateless
public class ProfileRepository {

    @PersistenceContext
    private EntityManager em;

    /** Whether {@link #save} filed a new machine or replaced a machine's profile. */
    public record Saved(MachineProfile profile, ChurnProfile churn, boolean created) {
    }

    /**
     * Checks the report and files it under the machine.
     *
     * @throws org.lifeboat.shared.InvalidRequestException naming the field, for a report that is not a valid profile
     */
    public Saved save(MachineName machine, JsonObject report) {
        ChurnProfile churn = ChurnProfile.parse(report, machine.value());
        Instant now = Instant.now();
        MachineProfile stored = em.find(MachineProfile.class, machine.value());
        if (stored == null) {
            stored = new MachineProfile(machine, report.toString(), now);
            em.persist(stored);
            return new Saved(stored, churn, true);
        }
        stored.replace(report.toString(), now);
        return new Saved(stored, churn, false);
    }

    public List<MachineProfile> all() {
        return em.createNamedQuery(MachineProfile.ALL, MachineProfile.class).getResultList();
    }
}
