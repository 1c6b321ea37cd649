package org.lifeboat.replicationgroup;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import org.lifeboat.protecteditem.ProtectedItem;
import org.lifeboat.protocol.Consistency;
import org.lifeboat.recoverypoint.RecoveryPoint;
import org.lifeboat.recoverypoint.RecoveryPointRepository;
import org.lifeboat.shared.ConflictException;
import org.lifeboat.shared.InvalidRequestException;

/** Starts a group's bookmark rounds, and answers which group points it has. */
@Stateless
public class GroupRounds {

    /** How long members may take to be ready, and so the longest any member holds its writes by default. */
    public static final Duration DEFAULT_HOLD = Duration.ofSeconds(30);
    public static final Duration MAX_HOLD = Duration.ofMinutes(5);

    @PersistenceContext
    private EntityManager em;

    @EJB
    private ReplicationGroupRepository groups;

    @EJB
    private RecoveryPointRepository recoveryPoints;

    @EJB
    private GroupBarrier barrier;

    /**
     * Opens a round for every member of the group.
     *
     * @throws ConflictException when a round of the group runs, or a member has no agent to take part
     */
    public GroupRound start(String groupName, Consistency consistency, Duration hold) {
        if (hold.isNegative() || hold.isZero() || hold.compareTo(MAX_HOLD) > 0) {
            throw new InvalidRequestException("deadlineSeconds", "deadlineSeconds is 1 to " + MAX_HOLD.toSeconds());
        }
        ReplicationGroup group = groups.get(groupName);
        if (barrier.running(groupName)) {
            throw new ConflictException("a bookmark round of replication group '" + groupName + "' is under way");
        }
        Map<String, String> members = new LinkedHashMap<>();
        for (String name : group.getMembers()) {
            ProtectedItem item = em.find(ProtectedItem.class, name);
            if (item == null || item.getAgent() == null || item.failover().replicationStopped()) {
                throw new ConflictException("member '" + name + "' of replication group '" + groupName
                        + "' does not replicate now, so the group cannot take a point");
            }
            members.put(item.getAgent().getId(), name);
        }
        return barrier.open(groupName, consistency, hold, members);
    }

    /** The group's points, newest first. */
    public List<GroupPoint> points(String groupName) {
        return pointsOf(groups.get(groupName).getMembers());
    }

    /** The newest group point of the item's group, app-consistent if asked; empty if it is in no group. */
    public Optional<GroupPoint> latestOf(String itemName, boolean appConsistent) {
        return groups.groupOf(itemName).flatMap(group -> points(group).stream()
                .filter(p -> !appConsistent || p.consistency() == Consistency.APP_CONSISTENT).findFirst());
    }

    private List<GroupPoint> pointsOf(List<String> members) {
        Map<String, List<RecoveryPoint>> points = members.stream()
                .collect(Collectors.toMap(Function.identity(), recoveryPoints::of));
        return GroupPoint.common(members, points);
    }
}
