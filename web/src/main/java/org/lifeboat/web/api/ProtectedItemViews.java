package org.lifeboat.web.api;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.RequestScoped;
import org.lifeboat.monitoring.ItemStatus;
import org.lifeboat.monitoring.ItemStatusService;
import org.lifeboat.protecteditem.ProtectedItem;
import org.lifeboat.protecteditem.ReplicationEnabler;
import org.lifeboat.recoverypoint.RecoveryPoint;
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

    /**
     * Every item, each as {@link #item} gives it, from a fixed number of queries: the statuses, newest points and
     * groups of all items at once (one item at a time, 500 items with 50,000 points took 50 s instead of 0.5 s:
     * docs/BENCHMARKS.md, "Console dashboard on a large site").
     */
    public List<ProtectedItemDtos.Item> all() {
        List<ProtectedItem> all = replication.all();
        if (all.isEmpty()) {
            return List.of();
        }
        Map<String, ItemStatus> status = statuses.all().stream()
                .collect(Collectors.toMap(ItemStatus::name, Function.identity()));
        Map<String, RecoveryPoint> latest = recoveryPoints.latestOfEach();
        Map<String, String> groupOf = groups.groupOfEach();
        return all.stream().map(item -> {
            String name = item.getName();
            // an item enabled between the two reads has no status yet: read it alone
            ItemStatus itemStatus = status.containsKey(name) ? status.get(name) : statuses.status(item);
            return ProtectedItemDtos.Item.of(item, itemStatus, Optional.ofNullable(latest.get(name)),
                    Optional.ofNullable(groupOf.get(name)));
        }).toList();
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
