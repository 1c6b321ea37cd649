package org.lifeboat.web.api;

import java.util.List;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.RequestScoped;
import org.lifeboat.monitoring.ItemStatusService;
import org.lifeboat.protecteditem.ProtectedItem;
import org.lifeboat.protecteditem.ReplicationEnabler;
import org.lifeboat.recoverypoint.RecoveryPointRepository;
import org.lifeboat.replicationgroup.ReplicationGroupRepository;

/** Protected items and their points as the API serves them: the one reading both the API and the console use. */
@RequestScoped
public class ProtectedItemViews {

    @EJB
    private ReplicationEnabler replication;

    @EJB
    private ItemStatusService statuses;

    @EJB
    private RecoveryPointRepository recoveryPoints;

    @EJB
    private ReplicationGroupRepository groups;

    public List<ProtectedItemDtos.Item> all() {
        return replication.all().stream().map(this::of).toList();
    }

    public ProtectedItemDtos.Item item(String name) {
        return of(replication.find(name));
    }

    public ProtectedItemDtos.Item of(ProtectedItem item) {
        return ProtectedItemDtos.Item.of(item, statuses.status(item), recoveryPoints.latest(item.getName()),
                groups.groupOf(item.getName()));
    }

    /** Oldest first, as the API lists them. */
    public List<ProtectedItemDtos.Point> points(String name) {
        replication.find(name);
        return recoveryPoints.of(name).stream().map(ProtectedItemDtos.Point::of).toList();
    }
}
