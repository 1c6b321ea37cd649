package org.lifeboat.processserver;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One stage's failing disks and when each may be tried again: after the first failure in
 * {@value #FIRST_SECONDS} s, each further one doubling the wait up to {@value #CAP_SECONDS} s. Pure
 * (the caller gives the time), so the schedule is unit tested; the stages skip a disk that is not due,
 * so a disk that fails for good costs the others nothing.
 */
final class DiskBackOff {

    static final long FIRST_SECONDS = 1;
    static final long CAP_SECONDS = 60;

    /** A disk's run of failures: how many in a row, since when, the latest, and when it is due again. */
    record Failure(int attempts, Instant since, Instant retryAt, String reason) {
    }

    private final Map<String, Failure> failing = new ConcurrentHashMap<>();

    /** Whether the disk may be tried now: it is not failing, or its wait is over. */
    boolean due(String diskId, Instant now) {
        Failure failure = failing.get(diskId);
        return failure == null || !now.isBefore(failure.retryAt());
    }

    /** Counts a failure and returns when the disk is tried again. */
    Failure failed(String diskId, String reason, Instant now) {
        return failing.compute(diskId, (disk, before) -> {
            int attempts = before == null ? 1 : before.attempts() + 1;
            Instant since = before == null ? now : before.since();
            return new Failure(attempts, since, now.plus(wait(attempts)), reason);
        });
    }

    /** The disk worked (or has nothing left to do); true if it had been failing. */
    boolean recovered(String diskId) {
        return failing.remove(diskId) != null;
    }

    Optional<Failure> failure(String diskId) {
        return Optional.ofNullable(failing.get(diskId));
    }

    Map<String, Failure> all() {
        return Map.copyOf(failing);
    }

    static Duration wait(int attempts) {
        int doublings = Math.min(attempts - 1, 30);
        return Duration.ofSeconds(Math.min(CAP_SECONDS, FIRST_SECONDS << doublings));
    }
}
