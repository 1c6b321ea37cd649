package org.lifeboat.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.lifeboat.shared.InvalidRequestException;

class JobTest {

    private static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");

    @Test
    void runsReportsProgressThatNeverGoesBackAndEndsOnce() {
        Job job = new Job(JobId.random(), "VcenterDiscovery", "prod/vc1", T0);
        assertEquals(JobState.QUEUED, job.getState());

        job.run(T0.plusSeconds(1));
        job.progress(40);
        job.progress(10);
        job.progress(250);
        assertEquals(100, job.getProgressPercent());
        job.succeed(T0.plusSeconds(5), "done");

        assertEquals(JobState.SUCCEEDED, job.getState());
        assertEquals(T0.plusSeconds(1), job.getStartedAt());
        assertEquals(T0.plusSeconds(5), job.getEndedAt());
        assertThrows(IllegalStateException.class, () -> job.fail(T0.plusSeconds(6), "late"));
    }

    @Test
    void aJobFailedBeforeItRanHasAStartAndTheReason() {
        Job job = new Job(JobId.random(), "Resync", "item", T0);
        job.fail(T0.plusSeconds(2), "the server stopped before the job ended");

        assertEquals(JobState.FAILED, job.getState());
        assertEquals(T0.plusSeconds(2), job.getStartedAt());
        assertEquals("the server stopped before the job ended", job.getError());
        assertTrue(job.getState().isFinal());
    }

    @Test
    void idsAndFiltersAreChecked() {
        assertEquals(Optional.empty(), JobId.parse("not-a-uuid"));
        assertEquals(Optional.empty(), JobId.parse(null));
        JobId id = JobId.random();
        assertEquals(Optional.of(id), JobId.parse(id.toString()));

        assertEquals(JobState.FAILED, JobFilter.state("failed"));
        assertEquals("state", assertThrows(InvalidRequestException.class, () -> JobFilter.state("Done")).field());
        assertEquals("max", assertThrows(InvalidRequestException.class, () -> new JobFilter(null, null, null, 0)).field());
        assertEquals("kind", assertThrows(InvalidRequestException.class, () -> new JobFilter(null, " ", null, 5)).field());
    }

    @Test
    void stepsKeepTheirOwnStateAndTimesAndAFailureEndsTheOneRunning() {
        Job job = new Job(JobId.random(), "testFailover", "web01", T0,
                java.util.List.of("Prerequisites check", "Create failover disks", "Create deployment"));
        job.run(T0);
        job.stepStarted("Prerequisites check", T0.plusSeconds(1));
        job.stepEnded("Prerequisites check", T0.plusSeconds(2), JobStepState.SUCCEEDED, "allowed");
        job.stepStarted("Create failover disks", T0.plusSeconds(3));
        job.fail(T0.plusSeconds(9), "copy failed");

        JobStep done = job.getSteps().get(0);
        assertEquals(JobStepState.SUCCEEDED, done.getState());
        assertEquals(T0.plusSeconds(1), done.getStartedAt());
        assertEquals(T0.plusSeconds(2), done.getEndedAt());
        assertEquals("allowed", done.getDetail());
        JobStep broken = job.getSteps().get(1);
        assertEquals(JobStepState.FAILED, broken.getState());
        assertEquals("copy failed", broken.getDetail());
        assertEquals(JobStepState.NOT_STARTED, job.getSteps().get(2).getState());
        assertThrows(IllegalArgumentException.class, () -> job.stepStarted("No such step", T0));
    }
}
