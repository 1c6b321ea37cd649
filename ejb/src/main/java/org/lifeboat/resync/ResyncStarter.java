package org.lifeboat.resync;

import java.util.Map;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import org.lifeboat.event.EventRepository;
import org.lifeboat.event.Severity;
import org.lifeboat.job.Job;
import org.lifeboat.job.JobFilter;
import org.lifeboat.job.JobRunner;
import org.lifeboat.job.JobState;
import org.lifeboat.job.JobRepository;
import org.lifeboat.protecteditem.ProtectedDisk;
import org.lifeboat.protecteditem.ProtectedItem;
import org.lifeboat.protecteditem.ReplicationEnabler;
import org.lifeboat.shared.ConflictException;

/**
 * Starts the resync of a protected item: the agent compares each disk block by block with checksums of
 * its seed disk and sends again only the blocks that differ (ASR's "resynchronization"). The job ends
 * when the agent has compared every disk, with the counts.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class ResyncStarter {

    public static final String JOB_KIND = "Resync";

    @EJB
    private ReplicationEnabler replication;

    @EJB
    private ResyncRepository ledger;

    @EJB
    private JobRepository jobs;

    @EJB
    private JobRunner runner;

    @EJB
    private EventRepository events;

    /**
     * @throws org.lifeboat.shared.ItemNotFoundException if there is no such item
     * @throws ConflictException if a resync of it runs already, or a disk is still in initial replication
     */
    public Job start(String itemName) {
        ProtectedItem item = replication.find(itemName);
        for (JobState state : new JobState[] {JobState.QUEUED, JobState.RUNNING}) {
            if (!jobs.list(new JobFilter(state, JOB_KIND, itemName, 1)).isEmpty()) {
                throw new ConflictException("a resync of '" + itemName + "' is already running");
            }
        }
        for (ProtectedDisk disk : item.getDisks()) {
            if (disk.inInitialReplication()) {
                throw new ConflictException("'" + itemName + "' is not through initial replication yet (disk "
                        + disk.getPath() + " is " + disk.getPhase() + "); resync compares a replicated disk");
            }
        }
        Map<String, Long> generations = ledger.request(itemName);
        events.recordAbout(Severity.INFO, "protection", itemName, "Resync of '" + itemName + "' requested ("
                + generations.size() + " disk(s))");
        return runner.submit(JOB_KIND, itemName, new ResyncJob(ledger, itemName, generations));
    }
}
