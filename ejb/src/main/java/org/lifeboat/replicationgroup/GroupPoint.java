package org.lifeboat.replicationgroup;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.lifeboat.protocol.Consistency;
import org.lifeboat.recoverypoint.RecoveryPoint;

/**
 * A moment common to every member of a group: the members' recovery points that carry the same round tag.
 * It exists only while every member has its point (complete and available), so it is computed from the
 * points, here and in a recovered vault alike, never stored.
 *
 * @param consistency   app-consistent only if every member's point is
 * @param sourceTime    the newest of the members' bookmark times
 * @param memberPoints  item name to the id of its recovery point with this tag
 */
public record GroupPoint(String tag, Consistency consistency, Instant sourceTime, Map<String, String> memberPoints) {

    /** The group points of these members, newest first. @param points each member's points */
    public static List<GroupPoint> common(List<String> members, Map<String, List<RecoveryPoint>> points) {
        if (members.isEmpty()) {
            return List.of();
        }
        List<GroupPoint> common = new ArrayList<>();
        for (RecoveryPoint first : points.getOrDefault(members.get(0), List.of())) {
            if (!first.isAvailable() || !GroupRound.isGroupTag(first.getBookmarkId())) {
                continue;
            }
            Map<String, String> memberPoints = new LinkedHashMap<>();
            Consistency consistency = Consistency.APP_CONSISTENT;
            Instant sourceTime = first.getSourceTime();
            for (String member : members) {
                Optional<RecoveryPoint> own = points.getOrDefault(member, List.of()).stream()
                        .filter(p -> p.isAvailable() && p.getBookmarkId().equals(first.getBookmarkId())).findFirst();
                if (own.isEmpty()) {
                    break;
                }
                memberPoints.put(member, own.get().getId());
                if (own.get().getConsistency() != Consistency.APP_CONSISTENT) {
                    consistency = Consistency.CRASH_CONSISTENT;
                }
                sourceTime = own.get().getSourceTime().isAfter(sourceTime) ? own.get().getSourceTime() : sourceTime;
            }
            if (memberPoints.size() == members.size()) {
                common.add(new GroupPoint(first.getBookmarkId(), consistency, sourceTime, memberPoints));
            }
        }
        common.sort(Comparator.comparing(GroupPoint::sourceTime).reversed());
        return common;
    }
}
