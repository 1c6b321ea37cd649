package org.lifeboat.processserver.micro;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.logging.Logger;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.EJB;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import org.lifeboat.processserver.ApplierRoute;
import org.lifeboat.processserver.LatestPointRequest;
import org.lifeboat.processserver.LatestPointRequestRepository;
import org.lifeboat.processserver.LatestTargets;
import org.lifeboat.processserver.LatestUploads;
import org.lifeboat.processserver.LogApplier;
import org.lifeboat.processserver.ProcessServerName;
import org.lifeboat.protecteditem.ProtectedItem;
import org.lifeboat.protecteditem.ReplicationEnabler;

/**
 * Takes the Latest points the configuration server asks of this process server ({@link LatestPointRequest} rows):
 * every second it claims the pending ones, and its log applier applies what the journal acknowledged for the item's
 * disks and snapshots them, answering with the point's id or the error. Refuses an item no longer assigned here at
 * the epoch it was asked at. When an applier near Azure applies this server's items, it uploads what it holds of the
 * item's disks and hands the request to that applier ({@link LatestUploads}); on an applier instance, it claims the
 * requests handed to it and applies through what the owner uploaded before the snapshot. A managed scheduled executor looks, like the heartbeat (Micro has no EJB timer to use);
 * each take runs in a managed thread of its own, at most {@value #AT_ONCE}.
 */
@Singleton
@Startup
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
public class LatestPointTaker {

    private static final Logger LOG = Logger.getLogger(LatestPointTaker.class.getName());
    /** Latest points taken at once; more wait, pending, for the next rounds. */
    static final int AT_ONCE = 4;
    /** As the configuration server's own: the asker gives up at its own timeout and abandons the request. */
    private static final Duration TIMEOUT = Duration.ofMinutes(10);

    @Resource
    private ManagedScheduledExecutorService scheduler;

    @Resource
    private ManagedThreadFactory threads;

    @EJB
    private LatestPointRequestRepository requests;

    @EJB
    private LogApplier applier;

    @EJB
    private ReplicationEnabler replication;

    @EJB
    private ApplierRoute route;

    @EJB
    private LatestUploads uploads;

    private final AtomicInteger taking = new AtomicInteger();
    private ScheduledFuture<?> polling;

    @PostConstruct
    void start() {
        polling = scheduler.scheduleWithFixedDelay(this::pickUpQuietly, 1, 1, TimeUnit.SECONDS);
    }

    @PreDestroy
    void stop() {
        if (polling != null) {
            polling.cancel(false);
        }
    }

    private void pickUpQuietly() {
        try {
            boolean applier = ApplierRoute.isApplierInstance();
            String me = ProcessServerName.current();
            for (String id : applier ? requests.handedTo(me) : requests.pending(me)) {
                if (taking.get() >= AT_ONCE) {
                    return;
                }
                if (applier ? requests.claimHanded(id) : requests.claim(id)) {
                    taking.incrementAndGet();
                    // a thread of its own: a take waits for the applier (minutes behind a backlog), and the scheduler's
                    // threads also carry the heartbeat, which must not wait behind it
                    try {
                        threads.newThread(() -> take(id, applier)).start();
                    } catch (RuntimeException e) {
                        taking.decrementAndGet();
                        requests.fail(id, "the process server could not start taking it: " + e);
                    }
                }
            }
        } catch (RuntimeException e) {
            LOG.warning("Could not pick up Latest point requests: " + e);
        }
    }

    private void take(String id, boolean asApplier) {
        try {
            LatestPointRequest request = requests.find(id).orElseThrow();
            ProtectedItem item = replication.find(request.getItem());
            if (!request.getProcessServer().equals(item.getProcessServer())
                    || item.getAssignmentEpoch() != request.getAssignmentEpoch()) {
                requests.fail(id, "'" + request.getItem() + "' is assigned to process server '"
                        + item.getProcessServer() + "' (epoch " + item.getAssignmentEpoch() + "), not to '"
                        + request.getProcessServer() + "' (epoch " + request.getAssignmentEpoch() + ") any more");
                return;
            }
            long started = System.nanoTime();
            BooleanSupplier stillAsked = () -> requests.stillAsked(id);
            Optional<String> nearAzure = asApplier ? Optional.empty() : route.applierOfThisServer();
            if (nearAzure.isPresent()) {
                LatestTargets targets = uploads.uploadedThrough(item, TIMEOUT, stillAsked);
                if (requests.handOver(id, nearAzure.get(), targets)) {
                    LOG.info(() -> "Uploaded what '" + request.getItem() + "' needs for its Latest point (through "
                            + targets + ") in " + (System.nanoTime() - started) / 1_000_000
                            + " ms; handed the request to applier '" + nearAzure.get() + "'");
                }
                return;
            }
            if (asApplier) {
                Optional<String> elsewhere = route.notAppliedHere(request.getProcessServer());
                if (elsewhere.isPresent()) {
                    requests.fail(id, "applier '" + ProcessServerName.current() + "' does not apply '"
                            + request.getItem() + "' any more: it " + elsewhere.get());
                    return;
                }
            }
            String point = (asApplier
                    ? applier.takeLatestPointThrough(request.getItem(), request.getTargets().orElseThrow(
                            () -> new IllegalStateException("the owner handed it over without disk sequences")),
                            TIMEOUT, stillAsked)
                    : applier.takeLatestPoint(request.getItem(), TIMEOUT, stillAsked)).getId();
            if (requests.answer(id, point)) {
                LOG.info(() -> "Took Latest point " + point + " of '" + request.getItem() + "' in "
                        + (System.nanoTime() - started) / 1_000_000 + " ms");
            } else {
                LOG.info(() -> "Took Latest point " + point + " of '" + request.getItem() + "' after its asker gave up");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            requests.fail(id, "the process server is stopping");
        } catch (RuntimeException e) {
            LOG.warning("Latest point request " + id + " failed: " + e);
            requests.fail(id, e.getMessage() == null ? e.toString() : e.getMessage());
        } finally {
            taking.decrementAndGet();
        }
    }
}
