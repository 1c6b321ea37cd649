package org.lifeboat.failover;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.lifeboat.processserver.LatestPointRequest.State;

/** When the configuration server stops waiting for a Latest point nobody picked up, and what the job then says. */
class LatestPointsTest {

    private static final Instant ASKED = Instant.parse("2026-12-03T11:00:00Z");

    @Test
    void theOwnerHasThirtySecondsToClaimTheRequest() {
        assertFalse(LatestPoints.notPickedUp(State.PENDING, ASKED, null, ASKED.plusSeconds(30)));
        assertTrue(LatestPoints.notPickedUp(State.PENDING, ASKED, null, ASKED.plusSeconds(31)));
        assertFalse(LatestPoints.notPickedUp(State.TAKING, ASKED, null, ASKED.plusSeconds(300)),
                "claimed: the 10-minute timeout and the heartbeat watch it");
    }

    @Test
    void theApplierHasThirtySecondsFromWhenTheRequestWasSeenHandedToIt() {
        Instant handed = ASKED.plusSeconds(40); // the owner uploaded for 40 s first
        assertFalse(LatestPoints.notPickedUp(State.HANDED, ASKED, handed, handed.plusSeconds(30)));
        assertTrue(LatestPoints.notPickedUp(State.HANDED, ASKED, handed, handed.plusSeconds(31)));
        assertFalse(LatestPoints.notPickedUp(State.HANDED, ASKED, null, ASKED.plusSeconds(300)), "not seen yet");
        assertFalse(LatestPoints.notPickedUp(State.APPLYING, ASKED, handed, handed.plusSeconds(300)));
    }

    @Test
    void theMessageNamesWhoDidNotPickItUpAndWhatElseToDo() {
        assertEquals("process server 'ps1', which 'web01' replicates through, did not pick up the request for a Latest "
                + "point within 30 s (its last heartbeat: never): it is down or not running this version. Fail over "
                + "to LatestProcessed or to a recovery point, or wait until its items are moved to another process "
                + "server (docs/scale-out.md)", LatestPoints.notPickedUpMessage("web01", "ps1", null, Optional.empty()));
        assertEquals("applier 'applier1', which applies the items of process server 'ps1' near Azure, did not pick up "
                + "the request for a Latest point of 'web01' within 30 s (its last heartbeat: 2026-12-03T11:00:00Z): "
                + "it is down or not running this version. Fail over to LatestProcessed or to a recovery point, start "
                + "the applier again, or let 'ps1' apply its items itself (PUT /processServers/ps1/applier "
                + "{\"applier\": null}; docs/scale-out.md)",
                LatestPoints.notPickedUpMessage("web01", "ps1", "applier1", Optional.of(ASKED)));
    }
}
