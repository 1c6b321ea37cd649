package org.lifeboat.recoveryplan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.lifeboat.failover.FailoverDirection;
import org.lifeboat.shared.InvalidRequestException;

class PlanRequestTest {

    private static final List<String> PLAN = List.of("db1", "app1", "web1");

    private static PlanRequest reProtect(FailoverDirection direction, Map<String, String> agents,
                                         Map<String, String> masterTargets) {
        return new PlanRequest(PlanOperation.RE_PROTECT, null, null, false, null, direction, agents, masterTargets);
    }

    private static String refusedField(PlanRequest request) {
        // db1 and app1 are failed over and committed; web1 is not (it is skipped, it needs no agent)
        return assertThrows(InvalidRequestException.class, () -> request.check(PLAN, item -> !item.equals("web1")))
                .field();
    }

    @Test
    void towardsPrimaryEveryCommittedItemNeedsItsAgentAndOnlyThePlansItemsAreNamed() {
        reProtect(FailoverDirection.RECOVERY_TO_PRIMARY, Map.of("db1", "a-1", "app1", "a-2"), Map.of("db1", "m-1"))
                .check(PLAN, item -> !item.equals("web1"));
        assertEquals("agents.app1", refusedField(reProtect(FailoverDirection.RECOVERY_TO_PRIMARY,
                Map.of("db1", "a-1"), null)));
        assertEquals("agents.app1", refusedField(reProtect(FailoverDirection.RECOVERY_TO_PRIMARY,
                Map.of("db1", "a-1", "app1", " "), null)));
        assertEquals("agents.mail1", refusedField(reProtect(FailoverDirection.RECOVERY_TO_PRIMARY,
                Map.of("db1", "a-1", "app1", "a-2", "mail1", "a-3"), null)));
        assertEquals("agents.app1", refusedField(reProtect(FailoverDirection.RECOVERY_TO_PRIMARY,
                Map.of("db1", "a-1", "app1", "a".repeat(65)), null)));
        assertEquals("masterTargets.mail1", refusedField(reProtect(FailoverDirection.RECOVERY_TO_PRIMARY,
                Map.of("db1", "a-1", "app1", "a-2"), Map.of("mail1", "m-1"))));
    }

    @Test
    void towardsRecoveryNoAgentsAndADirectionIsRequired() {
        reProtect(FailoverDirection.PRIMARY_TO_RECOVERY, null, null).check(PLAN, item -> true);
        assertEquals("agents", refusedField(reProtect(FailoverDirection.PRIMARY_TO_RECOVERY, Map.of("db1", "a"), null)));
        assertEquals("masterTargets", refusedField(reProtect(FailoverDirection.PRIMARY_TO_RECOVERY, null,
                Map.of("db1", "m"))));
        assertEquals("direction", refusedField(reProtect(null, Map.of("db1", "a-1", "app1", "a-2"), null)));
    }

    @Test
    void aPlannedFailoverGoesTowardsPrimaryOnly() {
        new PlanRequest(PlanOperation.PLANNED_FAILOVER, null, null, false, null, FailoverDirection.RECOVERY_TO_PRIMARY,
                null, null).check(PLAN, item -> true);
        assertEquals("failoverDirection", refusedField(new PlanRequest(PlanOperation.PLANNED_FAILOVER, null, null,
                false, null, FailoverDirection.PRIMARY_TO_RECOVERY, null, null)));
        assertEquals("failoverDirection", refusedField(new PlanRequest(PlanOperation.PLANNED_FAILOVER, null, null,
                false, null, null, null, null)));
    }

    @Test
    void theRequestKeptWithTheRunReadsBackForAResume() {
        PlanRequest request = reProtect(FailoverDirection.RECOVERY_TO_PRIMARY, Map.of("db1", "a-1", "app1", "a-2"),
                Map.of("db1", "m-1"));
        assertEquals(request, PlanRequest.fromJson(request.toJson(), request.agentsJson()));
        assertEquals("RecoveryToPrimary", request.direction());
        PlanRequest failover = new PlanRequest(PlanOperation.UNPLANNED_FAILOVER, null, null, true, null);
        assertEquals(null, failover.agentsJson());
        assertEquals(failover, PlanRequest.fromJson(failover.toJson(), null));
        assertEquals("PrimaryToRecovery", failover.direction());
        assertTrue(failover.agents().isEmpty());
    }
}
