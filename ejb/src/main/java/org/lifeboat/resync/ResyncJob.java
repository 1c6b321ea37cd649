package org.lifeboat.resync;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.lifeboat.job.JobContext;
import org.lifeboat.job.JobFailedException;
import org.lifeboat.job.JobWork;

/**
 * A resync's job: waits until the agent has compared every disk of the item for the generation asked,
 * reporting the share of disks done as progress, and ends with each disk's counts.
 */
final class ResyncJob implements JobWork {

    static final Duration POLL = Duration.ofSeconds(1);
    /** An agent that is down does not answer; the job gives up rather than run forever. */
    static final Duration TIMEOUT = Duration.ofHours(1);

    private final ResyncRepository ledger;
    private final String item;
    private final Map<String, Long> generations;

    ResyncJob(ResyncRepository ledger, String item, Map<String, Long> generations) {
        this.ledger = ledger;
        this.item = item;
        this.generations = Map.copyOf(generations);
    }

    @Override
    public String run(JobContext job) throws Exception {
        Instant deadline = Instant.now().plus(TIMEOUT);
        while (true) {
            List<DiskResync> disks = ledger.outcomes(item, generations)
                    .orElseThrow(() -> new JobFailedException("'" + item + "' was disabled during the resync"));
            long done = disks.stream().filter(DiskResync::done).count();
            job.progress((int) (done * 100 / Math.max(1, disks.size())));
            if (done == disks.size()) {
                return DiskResync.summary(disks);
            }
            if (Instant.now().isAfter(deadline)) {
                throw new JobFailedException("the agent did not report the comparison within " + TIMEOUT.toMinutes()
                        + " minutes (is it running?); " + DiskResync.summary(disks));
            }
            Thread.sleep(POLL.toMillis());
        }
    }
}
