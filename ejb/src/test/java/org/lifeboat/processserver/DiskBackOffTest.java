package org.lifeboat.processserver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class DiskBackOffTest {

    private static final Instant T0 = Instant.parse("2026-12-01T12:00:00Z");

    @Test
    void aDiskThatNeverFailedIsAlwaysDue() {
        assertTrue(new DiskBackOff().due("d1", T0));
    }

    @Test
    void theWaitDoublesFromOneSecondUpToTheCap() {
        assertEquals(Duration.ofSeconds(1), DiskBackOff.wait(1));
        assertEquals(Duration.ofSeconds(2), DiskBackOff.wait(2));
        assertEquals(Duration.ofSeconds(32), DiskBackOff.wait(6));
        assertEquals(Duration.ofSeconds(DiskBackOff.CAP_SECONDS), DiskBackOff.wait(7));
        assertEquals(Duration.ofSeconds(DiskBackOff.CAP_SECONDS), DiskBackOff.wait(1000), "no overflow");
    }

    @Test
    void aFailedDiskWaitsItsTurnWhileAnotherStaysDue() {
        DiskBackOff backOff = new DiskBackOff();
        backOff.failed("sick", "boom", T0);
        DiskBackOff.Failure second = backOff.failed("sick", "boom again", T0.plusSeconds(1));

        assertEquals(2, second.attempts());
        assertEquals(T0, second.since(), "the run of failures started with the first");
        assertEquals("boom again", second.reason());
        assertFalse(backOff.due("sick", T0.plusSeconds(2)));
        assertTrue(backOff.due("sick", T0.plusSeconds(3)));
        assertTrue(backOff.due("healthy", T0.plusSeconds(2)));
    }

    @Test
    void recoveringStartsTheNextRunOfFailuresAfresh() {
        DiskBackOff backOff = new DiskBackOff();
        backOff.failed("d1", "boom", T0);
        backOff.failed("d1", "boom", T0.plusSeconds(1));

        assertTrue(backOff.recovered("d1"));
        assertFalse(backOff.recovered("d1"));
        assertTrue(backOff.due("d1", T0.plusSeconds(1)));
        assertEquals(1, backOff.failed("d1", "boom", T0.plusSeconds(5)).attempts());
    }

    @Test
    void theItemSeesAFailureFromTheThirdInARowWithItsReason() {
        StageFailures failures = new StageFailures();
        DiskBackOff apply = failures.of(Stage.APPLY);
        apply.failed("d1", "LeaseIdMissing", T0);
        apply.failed("d1", "LeaseIdMissing", T0.plusSeconds(1));
        assertTrue(failures.of("d1", T0.plusSeconds(2)).isEmpty(), "two failures may be a blip");

        apply.failed("d1", "LeaseIdMissing", T0.plusSeconds(3));

        assertEquals(java.util.List.of("applying its log to its seed blob failed 3 times in a row since " + T0
                + " (next try in 4 s): LeaseIdMissing"), failures.of("d1", T0.plusSeconds(3)));
        assertTrue(failures.of("d2", T0.plusSeconds(3)).isEmpty());
        assertEquals(1, failures.failingDisks());
        failures.of(Stage.UPLOAD).failed("d1", "timeout", T0);
        assertEquals(1, failures.failingDisks(), "a disk failing in both stages is one disk");
    }

    @Test
    void aReasonIsOneLineWithTheRootCauseAndShort() {
        Exception e = new IllegalStateException("the recovery point cannot be recorded",
                new RuntimeException("rolled back", new java.sql.SQLException("truncation to length 64\nat ...")));
        assertEquals("the recovery point cannot be recorded: truncation to length 64", StageFailures.reason(e));
        assertEquals(303, StageFailures.reason(new RuntimeException("x".repeat(1000))).length());
        assertEquals("NullPointerException", StageFailures.reason(new NullPointerException()));
    }
}
