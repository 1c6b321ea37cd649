package org.lifeboat.resync;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import org.lifeboat.protecteditem.ProtectedDisk;
import org.lifeboat.protecteditem.ProtectedItem;

/** The resync generations of an item's disks in the vault: asking for a new one, and reading the outcome. */
@Stateless
public class ResyncRepository {

    @PersistenceContext
    private EntityManager em;

    /** Asks for a new generation on every disk of the item; returns each disk's generation. */
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public Map<String, Long> request(String itemName) {
        ProtectedItem item = em.find(ProtectedItem.class, itemName);
        Map<String, Long> generations = new LinkedHashMap<>();
        for (ProtectedDisk disk : item.getDisks()) {
            generations.put(disk.getId(), disk.requestResync());
        }
        return generations;
    }

    /** Each disk's outcome for the generations asked, or empty once the item is gone. */
    public Optional<List<DiskResync>> outcomes(String itemName, Map<String, Long> generations) {
        ProtectedItem item = em.find(ProtectedItem.class, itemName);
        if (item == null) {
            return Optional.empty();
        }
        em.refresh(item);
        List<DiskResync> outcomes = new ArrayList<>();
        for (ProtectedDisk disk : item.getDisks()) {
            Long asked = generations.get(disk.getId());
            if (asked == null) {
                return Optional.empty(); // disabled and enabled again: other disks, another stream
            }
            em.refresh(disk);
            boolean done = disk.getResyncReported() >= asked;
            outcomes.add(new DiskResync(disk.getId(), disk.getPath(), done,
                    done ? disk.getResyncComparedBlocks() : 0, done ? disk.getResyncDifferingBlocks() : 0));
        }
        return Optional.of(outcomes);
    }
}
