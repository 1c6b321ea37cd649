package org.lifeboat.replicationgroup;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.lifeboat.protocol.Consistency;
import org.lifeboat.recoverypoint.RecoveryPoint;

class GroupPointTest {

    private static final Instant T = Instant.parse("2026-12-01T10:00:00Z");

    private static RecoveryPoint point(String id, String item, String bookmark, Consistency consistency, int second) {
        return RecoveryPoint.recovered(id, item, bookmark, consistency, T.plusSeconds(second), T.plusSeconds(second),
                Map.of("d", "s"));
    }

    @Test
    void aGroupPointNeedsEveryMembersPointWithTheTag() {
        Map<String, List<RecoveryPoint>> points = Map.of(
                "a", List.of(point("a2", "a", "grp-2", Consistency.APP_CONSISTENT, 20),
                        point("a1", "a", "grp-1", Consistency.APP_CONSISTENT, 10),
                        point("a0", "a", "own-bookmark", Consistency.CRASH_CONSISTENT, 5)),
                "b", List.of(point("b1", "b", "grp-1", Consistency.CRASH_CONSISTENT, 11),
                        point("b0", "b", "own-bookmark", Consistency.CRASH_CONSISTENT, 5)));
        List<GroupPoint> common = GroupPoint.common(List.of("a", "b"), points);
        // grp-2 is missing on b; own-bookmark is no group round even though both have one by that id
        assertEquals(1, common.size());
        assertEquals("grp-1", common.get(0).tag());
        assertEquals(Map.of("a", "a1", "b", "b1"), common.get(0).memberPoints());
        assertEquals(Consistency.CRASH_CONSISTENT, common.get(0).consistency(), "app-consistent only if all are");
        assertEquals(T.plusSeconds(11), common.get(0).sourceTime());
    }

    @Test
    void newestFirstAndAppConsistentWhenEveryMemberIs() {
        Map<String, List<RecoveryPoint>> points = Map.of(
                "a", List.of(point("a1", "a", "grp-1", Consistency.APP_CONSISTENT, 10),
                        point("a2", "a", "grp-2", Consistency.APP_CONSISTENT, 20)),
                "b", List.of(point("b2", "b", "grp-2", Consistency.APP_CONSISTENT, 21),
                        point("b1", "b", "grp-1", Consistency.APP_CONSISTENT, 11)));
        List<GroupPoint> common = GroupPoint.common(List.of("a", "b"), points);
        assertEquals(List.of("grp-2", "grp-1"), common.stream().map(GroupPoint::tag).toList());
        assertEquals(Consistency.APP_CONSISTENT, common.get(0).consistency());
    }
}
