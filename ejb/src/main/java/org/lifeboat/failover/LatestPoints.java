package org.lifeboat.failover;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import org.lifeboat.monitoring.MonitoringSettings;
import org.lifeboat.processserver.LatestPointRequest;
import org.lifeboat.processserver.LatestPointRequestRepository;
import org.lifeboat.processserver.LogApplier;
import org.lifeboat.processserver.ProcessServerName;
import org.lifeboat.protecteditem.ProtectedItem;
import org.lifeboat.protecteditem.ReplicationEnabler;
import org.lifeboat.recoverypoint.RecoveryPoint;
import org.lifeboat.recoverypoint.RecoveryPointRepository;
import org.lifeboat.scaleout.ScaleOutProcessServer;
import org.lifeboat.scaleout.ScaleOutProcessServerRepository;

/**
 * Takes a Latest recovery point where the item's data is: the configuration server's own log applier for an item
 * of the built-in process server; for an item of a scale-out process server, that server's applier, asked through
 * a {@link LatestPointRequest} row it picks up within a second or two. Only the owner holds what its journal
 * acknowledged and has not applied yet, so no other server can take the point; when the owner is down the request
 * fails with the reason rather than giving a point that lacks acknowledged writes. When an applier near Azure applies
 * the owner's items, the owner uploads what it holds and hands the request to that applier, which must pick it up
 * within the same time and applies through it: the applier down or silent fails the request naming it.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class LatestPoints {

    static final Duration POLL = Duration.ofMillis(500);
    /** A running owner claims a request within its next round (every second); this allows for a loaded machine. */
    static final Duration PICK_UP_WITHIN = Duration.ofSeconds(30);

    @EJB
    private LogApplier applier;

    @EJB
    private ReplicationEnabler replication;

    @EJB
    private LatestPointRequestRepository requests;

    @EJB
    private ScaleOutProcessServerRepository scaleOut;

    @EJB
    private RecoveryPointRepository recoveryPoints;

    /**
     * A new Latest point of the item, crash-consistent per disk.
     *
     * @throws IllegalStateException naming why when none could be taken (no point is recorded)
     */
    public RecoveryPoint take(String itemName, Duration timeout) throws InterruptedException {
        ProtectedItem item = replication.find(itemName);
        String owner = item.getProcessServer();
        if (ProcessServerName.isBuiltIn(owner)) {
            return applier.takeLatestPoint(itemName, timeout);
        }
        requireHeartbeating(owner, itemName);
        Optional<String> nearAzure = scaleOut.find(owner).flatMap(ScaleOutProcessServer::getApplier);
        if (nearAzure.isPresent()) {
            applierSilence(nearAzure.get(), owner, itemName).ifPresent(why -> {
                throw new IllegalStateException(why);
            });
        }
        long epoch = item.getAssignmentEpoch();
        String id = requests.ask(itemName, owner, epoch);
        Instant asked = Instant.now();
        Instant deadline = asked.plus(timeout);
        Instant handedSeen = null; // this server's clock: the owner's may differ
        while (true) {
            LatestPointRequest request = requests.find(id).orElseThrow();
            switch (request.getState()) {
                case TAKEN:
                    return recoveryPoints.find(itemName, request.getPointId());
                case FAILED:
                    throw new IllegalStateException((request.getApplier() == null ? "process server '" + owner + "'"
                            : "applier '" + request.getApplier() + "', which applies the items of process server '"
                            + owner + "' near Azure,") + " could not take a Latest point of '" + itemName + "': "
                            + request.getError());
                case ABANDONED:
                    throw new IllegalStateException("the Latest point request " + id + " was abandoned: "
                            + request.getError());
                default:
                    break;
            }
            Instant now = Instant.now();
            if (handedSeen == null && request.getState() == LatestPointRequest.State.HANDED) {
                handedSeen = now;
            }
            String why = null;
            ProtectedItem current = replication.find(itemName);
            if (!owner.equals(current.getProcessServer()) || current.getAssignmentEpoch() != epoch) {
                why = "'" + itemName + "' was moved from process server '" + owner + "' to '"
                        + current.getProcessServer() + "' while its Latest point was being taken; ask again";
            } else if (notPickedUp(request.getState(), asked, handedSeen, now)) {
                String late = request.getApplier() == null ? owner : request.getApplier();
                why = notPickedUpMessage(itemName, owner, request.getApplier(), lastHeartbeat(late));
            } else if (now.isAfter(deadline)) {
                why = (request.getApplier() == null ? "process server '" + owner + "'" : "applier '"
                        + request.getApplier() + "'") + " did not take a Latest point of '" + itemName + "' within "
                        + timeout.toSeconds() + " s";
            } else if (request.getApplier() != null) {
                why = applierSilence(request.getApplier(), owner, itemName).orElse(null);
            } else {
                why = silence(owner, itemName).orElse(null);
            }
            if (why != null) {
                requests.abandon(id, why);
                throw new IllegalStateException(why);
            }
            Thread.sleep(POLL.toMillis());
        }
    }

    /**
     * Whether the request waits unclaimed past {@link #PICK_UP_WITHIN}: PENDING since it was asked (the owner's to
     * claim), or HANDED since this server first saw it handed over (the applier's to claim; {@code handedSeen}).
     */
    static boolean notPickedUp(LatestPointRequest.State state, Instant asked, Instant handedSeen, Instant now) {
        return switch (state) {
            case PENDING -> now.isAfter(asked.plus(PICK_UP_WITHIN));
            case HANDED -> handedSeen != null && now.isAfter(handedSeen.plus(PICK_UP_WITHIN));
            default -> false;
        };
    }

    /** Why the job fails when its request was not picked up: by the owner, or by the applier it was handed to. */
    static String notPickedUpMessage(String itemName, String owner, String applier, Optional<Instant> lastHeartbeat) {
        String heard = lastHeartbeat.map(Instant::toString).orElse("never");
        if (applier == null) {
            return "process server '" + owner + "', which '" + itemName + "' replicates through, did not pick up "
                    + "the request for a Latest point within " + PICK_UP_WITHIN.toSeconds() + " s (its last "
                    + "heartbeat: " + heard + "): it is down or not running this version. " + ALTERNATIVES;
        }
        return "applier '" + applier + "', which applies the items of process server '" + owner + "' near Azure, "
                + "did not pick up the request for a Latest point of '" + itemName + "' within "
                + PICK_UP_WITHIN.toSeconds() + " s (its last heartbeat: " + heard + "): it is down or not running "
                + "this version. " + applierAlternatives(owner);
    }

    static final String ALTERNATIVES = "Fail over to LatestProcessed or to a recovery point, or wait until its items "
            + "are moved to another process server (docs/scale-out.md)";

    private void requireHeartbeating(String owner, String itemName) {
        silence(owner, itemName).ifPresent(why -> {
            throw new IllegalStateException(why);
        });
    }

    /** Why the owner cannot answer: not heartbeating within the timeout. */
    private Optional<String> silence(String owner, String itemName) {
        Optional<Instant> heard = lastHeartbeat(owner);
        Duration timeout = MonitoringSettings.processServerHeartbeatTimeout();
        if (heard.isPresent() && !heard.get().plus(timeout).isBefore(Instant.now())) {
            return Optional.empty();
        }
        return Optional.of("process server '" + owner + "', which '" + itemName + "' replicates through, is not "
                + "heartbeating (last heartbeat: " + heard.map(Instant::toString).orElse("never") + ", timeout "
                + timeout.toSeconds() + " s): only it holds what its journal acknowledged, so no Latest point can "
                + "be taken. " + ALTERNATIVES);
    }

    /** Why the applier near Azure that applies the owner's items cannot take the point: not heartbeating. */
    private Optional<String> applierSilence(String applier, String owner, String itemName) {
        Optional<Instant> heard = lastHeartbeat(applier);
        Duration timeout = MonitoringSettings.processServerHeartbeatTimeout();
        if (heard.isPresent() && !heard.get().plus(timeout).isBefore(Instant.now())) {
            return Optional.empty();
        }
        return Optional.of("applier '" + applier + "', which applies the items of process server '" + owner
                + "' near Azure, is not heartbeating (last heartbeat: " + heard.map(Instant::toString).orElse("never")
                + ", timeout " + timeout.toSeconds() + " s): only it applies what '" + itemName + "' replicates, so no "
                + "Latest point can be taken. " + applierAlternatives(owner));
    }

    static String applierAlternatives(String owner) {
        return "Fail over to LatestProcessed or to a recovery point, start the applier again, or let '" + owner
                + "' apply its items itself (PUT /processServers/" + owner + "/applier {\"applier\": null}; "
                + "docs/scale-out.md)";
    }

    private Optional<Instant> lastHeartbeat(String owner) {
        return scaleOut.find(owner).map(ScaleOutProcessServer::getHeartbeatAt);
    }
}
