package org.lifeboat.replicationgroup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.lifeboat.protocol.Consistency;

class GroupRoundTest {

    private static final Instant T = Instant.parse("2026-12-01T10:00:00Z");

    private static GroupRound round() {
        return new GroupRound("g", Consistency.CRASH_CONSISTENT, Duration.ofSeconds(30),
                Map.of("agent-a", "a", "agent-b", "b"), T);
    }

    @Test
    void goOnlyWhenEveryMemberIsReadyThenSucceededWhenAllAreDone() {
        GroupRound round = round();
        assertTrue(GroupRound.isGroupTag(round.tag()));
        assertTrue(round.deliverTo("agent-a"));
        assertFalse(round.deliverTo("agent-a"), "given once");
        assertFalse(round.deliverTo("agent-x"), "not a member");
        assertFalse(round.ready("agent-a"));
        assertEquals(GroupRound.State.WAITING, round.state());
        assertTrue(round.ready("agent-b"));
        assertEquals(GroupRound.State.GO, round.state());
        assertFalse(round.done("agent-a", new GroupRound.MemberOutcome(true, 12, "CRASH_CONSISTENT", null), T));
        assertTrue(round.done("agent-b", new GroupRound.MemberOutcome(true, 15, "CRASH_CONSISTENT", null), T));
        assertEquals(GroupRound.State.SUCCEEDED, round.state());
        assertEquals(15, round.outcomes().get("b").heldMillis());
    }

    @Test
    void aMemberThatGivesUpBeforeItIsReadyAbortsTheRoundForAll() {
        GroupRound round = round();
        round.ready("agent-a");
        assertTrue(round.done("agent-b", new GroupRound.MemberOutcome(false, 0, null, "pre-freeze failed"), T));
        assertEquals(GroupRound.State.ABORTED, round.state());
        assertTrue(round.reason().orElseThrow().contains("member 'b'"), round.reason().orElseThrow());
        assertFalse(round.ready("agent-b"), "no go after an abort");
    }

    @Test
    void aReadyMemberThatStopsWaitingAbortsTheRoundNamingTheLateOnes() {
        GroupRound round = round();
        round.ready("agent-a");
        assertTrue(round.done("agent-a", new GroupRound.MemberOutcome(false, 0, null, "deadline"), T));
        assertEquals(GroupRound.State.ABORTED, round.state());
        assertTrue(round.reason().orElseThrow().startsWith("member(s) b did not report ready within 30 s"),
                round.reason().orElseThrow());
    }

    @Test
    void aMemberThatFailsAfterTheGoFailsTheRound() {
        GroupRound round = round();
        round.ready("agent-a");
        round.ready("agent-b");
        round.done("agent-a", new GroupRound.MemberOutcome(true, 10, "CRASH_CONSISTENT", null), T);
        round.done("agent-b", new GroupRound.MemberOutcome(false, 10, null, "pass too slow"), T);
        assertEquals(GroupRound.State.FAILED, round.state());
        assertEquals("member 'b': pass too slow", round.reason().orElseThrow());
    }

    @Test
    void notReadyNamesTheLateMembers() {
        GroupRound round = round();
        round.ready("agent-a");
        assertEquals(java.util.Set.of("b"), round.notReady());
        assertEquals(T.plusSeconds(30), round.readyDeadline());
        assertTrue(round.abort("late", T.plusSeconds(31)));
        assertFalse(round.abort("again", T.plusSeconds(32)));
    }
}
