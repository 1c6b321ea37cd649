package org.lifeboat.discovery;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import org.lifeboat.job.Job;
import org.lifeboat.job.JobContext;
import org.lifeboat.job.JobFailedException;
import org.lifeboat.job.JobRunner;

/**
 * Discovers a vCenter's inventory as a job: log in (checking its certificate), read datacenters,
 * hosts and VMs, and replace what the previous discovery found. Discoveries of one vCenter run one
 * at a time; the network part runs outside any transaction.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class VcenterDiscovery {

    public static final String JOB_KIND = "VcenterDiscovery";

    /** One lock per vCenter id, for the life of the server: a timer run and an on-demand run queue up. */
    private static final Map<String, ReentrantLock> LOCKS = new ConcurrentHashMap<>();

    @EJB
    private VcenterRepository catalog;

    @EJB
    private JobRunner jobs;

    public Job discover(String fabric, String name) {
        Vcenter vcenter = catalog.get(fabric, name);
        String id = vcenter.getId();
        return jobs.submit(JOB_KIND, vcenter.getPath(), job -> run(id, job));
    }

    private String run(String vcenterId, JobContext job) {
        ReentrantLock lock = LOCKS.computeIfAbsent(vcenterId, k -> new ReentrantLock());
        lock.lock();
        try {
            VcenterConnection connection = catalog.startDiscovery(vcenterId, job.id().toString())
                    .orElseThrow(() -> new JobFailedException("the vCenter was removed before its discovery ran"));
            job.progress(10);
            VcenterInventoryReader.Result result;
            try {
                result = new VcenterInventoryReader().read(connection);
            } catch (DiscoveryFailedException e) {
                catalog.discoveryFailed(vcenterId, e.getMessage());
                throw new JobFailedException(e.getMessage(), e);
            } catch (RuntimeException e) {
                String reason = "the vCenter's answer could not be read: " + e;
                catalog.discoveryFailed(vcenterId, reason);
                throw new JobFailedException(reason, e);
            }
            job.progress(80);
            if (!catalog.discovered(vcenterId, result.inventory(), result.fingerprint())) {
                throw new JobFailedException("the vCenter was removed while it was being discovered");
            }
            return "discovered " + result.inventory().summary();
        } finally {
            lock.unlock();
        }
    }
}
