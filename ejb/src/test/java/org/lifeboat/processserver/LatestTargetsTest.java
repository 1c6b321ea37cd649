package org.lifeboat.processserver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.lifeboat.connector.journal.SealedSegment;

/** How far an applier near Azure applies each disk before a Latest snapshot, and when a disk's lane serves it. */
class LatestTargetsTest {

    private static final String A = "11111111-1111-1111-1111-111111111111";
    private static final String B = "22222222-2222-2222-2222-222222222222";

    @Test
    void aTargetIsWhatAzureHoldsOrTheLastSegmentSealedOnLocalDiskIfLater() {
        assertEquals(40, LatestTargets.target(40, List.of()), "nothing sealed: what Azure holds");
        assertEquals(90, LatestTargets.target(40, List.of(sealed(A, 41, 60, 40), sealed(A, 61, 90, 60))));
        // a file left from before a crash, already applied, does not lower it
        assertEquals(40, LatestTargets.target(40, List.of(sealed(A, 1, 30, SealedSegment.UNKNOWN))));
    }

    @Test
    void theTextOnTheRowReadsBackTheSame() {
        LatestTargets targets = LatestTargets.of(Map.of(B, 7L, A, 123_456_789_012L));
        assertEquals(A + "=123456789012;" + B + "=7", targets.text(), "in disk order");
        assertEquals(targets, LatestTargets.parse(targets.text()));
        assertEquals(OptionalLong.of(7), targets.through(B));
        assertEquals(OptionalLong.empty(), targets.through("another"));
    }

    @Test
    void aRowThatIsNotTargetsIsRefusedNamingWhatIsWrong() {
        assertEquals("no disk sequences", assertThrows(IllegalArgumentException.class,
                () -> LatestTargets.parse("")).getMessage());
        assertEquals("not disk=sequence: '" + A + "=x'", assertThrows(IllegalArgumentException.class,
                () -> LatestTargets.parse(A + "=x")).getMessage());
        assertEquals("not disk=sequence: '=5'", assertThrows(IllegalArgumentException.class,
                () -> LatestTargets.parse("=5")).getMessage());
        assertEquals("disk " + A + " twice", assertThrows(IllegalArgumentException.class,
                () -> LatestTargets.parse(A + "=1;" + A + "=2")).getMessage());
        assertEquals("disk " + A + ": not a sequence: -2", assertThrows(IllegalArgumentException.class,
                () -> LatestTargets.parse(A + "=-2")).getMessage());
        assertEquals("not a disk id: 'a;b'", assertThrows(IllegalArgumentException.class,
                () -> LatestTargets.of(Map.of("a;b", 1L))).getMessage());
    }

    @Test
    void targetsLongerThanTheColumnAreRefused() {
        Map<String, Long> many = new HashMap<>();
        for (int i = 0; i < 100; i++) {
            many.put(String.format("%036d", i), Long.MAX_VALUE);
        }
        assertTrue(assertThrows(IllegalArgumentException.class, () -> LatestTargets.of(many)).getMessage()
                .endsWith("longer than " + LatestTargets.MAX_TEXT + " characters"));
    }

    @Test
    void theUploadsHoldTheTargetsOnceEveryDiskIsThatFar() {
        LatestTargets targets = LatestTargets.of(Map.of(A, 90L, B, 10L));
        assertFalse(targets.heldBy(Map.of(A, 89L, B, 10L)));
        assertFalse(targets.heldBy(Map.of(A, 90L)), "a disk not read yet");
        assertTrue(targets.heldBy(Map.of(A, 90L, B, 12L)));
    }

    @Test
    void aDiskServesTheOwnersRequestCaughtUpAfterItAndTheAppliersOnceAppliedThroughItsTarget() {
        Instant asked = Instant.parse("2026-12-03T11:00:05Z");
        LogApplier.LatestRequest owners = new LogApplier.LatestRequest(asked, -1, new CompletableFuture<>());
        assertFalse(owners.servedBy(asked.minusSeconds(1), true, 100), "a round listed before the records were sealed");
        assertFalse(owners.servedBy(asked, false, 100), "not caught up");
        assertTrue(owners.servedBy(asked, true, 0));

        LogApplier.LatestRequest appliers = new LogApplier.LatestRequest(Instant.MIN, 90, new CompletableFuture<>());
        assertFalse(appliers.servedBy(asked, true, 89), "caught up with what it holds, short of what the owner sent");
        assertTrue(appliers.servedBy(asked, false, 90), "through its target while more arrives");
        assertTrue(appliers.servedBy(asked.minusSeconds(60), false, 120));
    }

    private static SealedSegment sealed(String disk, long first, long last, long previous) {
        return new SealedSegment(Path.of("/nowhere"), disk, first, last, previous);
    }
}
