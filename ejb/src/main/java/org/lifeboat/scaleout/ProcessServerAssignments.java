package org.lifeboat.scaleout;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import jakarta.ejb.EJB;
import jakarta.ejb.Local;
import jakarta.ejb.LocalBean;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import org.lifeboat.event.EventRepository;
import org.lifeboat.event.Severity;
import org.lifeboat.monitoring.Health;
import org.lifeboat.monitoring.MonitoringSettings;
import org.lifeboat.protecteditem.ProcessServerDirectory;
import org.lifeboat.protecteditem.ProtectedItem;
import org.lifeboat.shared.ConflictException;
import org.lifeboat.shared.ItemNotFoundException;
import org.lifeboat.vault.VaultChanged;

/**
 * Which process server each protected item replicates through ({@link ProtectedItem#getProcessServer}, with its
 * fencing epoch): new items go to the healthiest one with room, an administrator switches items (ASR's "switch" and
 * "load balance"), and the items of a scale-out process server that stopped heartbeating are moved to another.
 * Ownership lives in the database only: each change is epoch+1 on the item's row, which each log applier checks
 * in the transaction recording every segment it applied.
 */
@Stateless
@LocalBean
@Local(ProcessServerDirectory.class)
public class ProcessServerAssignments implements ProcessServerDirectory {

    static final String ITEMS_OF = "SELECT i FROM ProtectedItem i WHERE COALESCE(i.processServer, 'builtin') = :ps "
            + "ORDER BY i.name";
    /** The same, to lock: Derby refuses FOR UPDATE with ORDER BY. */
    private static final String ITEMS_OF_FOR_UPDATE = "SELECT i FROM ProtectedItem i "
            + "WHERE COALESCE(i.processServer, 'builtin') = :ps";

    @EJB
    private ProcessServers servers;

    @EJB
    private ScaleOutProcessServerRepository scaleOut;

    @EJB
    private EventRepository events;

    @Inject
    private Event<VaultChanged> vaultChanged;

    @PersistenceContext
    private EntityManager em;

    /** A switch's outcome: the items moved, and the epoch each now has. */
    public record Switched(String item, String from, String to, long epoch) {
    }

    @Override
    public String forNewItem() {
        return healthiest(servers.all(), null).orElse(ProtectedItem.BUILT_IN_PROCESS_SERVER);
    }

    @Override
    public Optional<Endpoint> endpoint(String processServer) {
        return scaleOut.find(processServer)
                .map(ps -> new Endpoint(ps.getReplicationAddress(), ps.getCertificateSha256()));
    }

    /**
     * The healthiest process server with room, other than {@code except}: not Critical and heartbeating (the
     * built-in one always is), Normal before Warning, then the fewest items; on a tie the built-in one (listed
     * first), so one server alone changes nothing. Never an applier near Azure: it has no replication endpoint.
     */
    static Optional<String> healthiest(List<ProcessServerView> all, String except) {
        return healthiest(all, except, Map.of());
    }

    /** The same, counting {@code givenSince} more items on each server than it had when {@code all} was read. */
    static Optional<String> healthiest(List<ProcessServerView> all, String except, Map<String, Integer> givenSince) {
        return all.stream().filter(v -> !v.status().name().equals(except)).filter(v -> !v.isApplier())
                .filter(v -> v.health() != Health.CRITICAL)
                .filter(v -> !v.scaleOut() || v.status().heartbeatAt() != null)
                .min(Comparator.comparing(ProcessServerView::health).thenComparingInt(
                        v -> v.items().size() + givenSince.getOrDefault(v.status().name(), 0)))
                .map(v -> v.status().name());
    }

    /**
     * Where each of a silent server's items goes: one at a time to the healthiest other server, counting the ones
     * already given ({@code given}, updated), so the items spread over the servers with room instead of all going to
     * the emptiest one.
     */
    static List<String> targetsFor(int items, List<ProcessServerView> all, String silent, Map<String, Integer> given) {
        List<String> targets = new ArrayList<>();
        for (int i = 0; i < items; i++) {
            String target = healthiest(all, silent, given).orElse(ProtectedItem.BUILT_IN_PROCESS_SERVER);
            given.merge(target, 1, Integer::sum);
            targets.add(target);
        }
        return targets;
    }

    /** Switches one item to {@code target}: 404 naming an unknown item or server, 409 for the same or a silent one. */
    public Switched switchItem(String itemName, String target) {
        ProtectedItem item = itemName == null ? null
                : em.find(ProtectedItem.class, itemName, LockModeType.PESSIMISTIC_WRITE);
        if (item == null) {
            throw new ItemNotFoundException("no protected item '" + itemName + "'");
        }
        requireAvailable(target);
        if (item.getProcessServer().equals(target)) {
            throw new ConflictException("'" + itemName + "' is assigned to process server '" + target + "' already");
        }
        return move(item, target, Severity.INFO, "switched", "");
    }

    /** Switches every item of {@code processServer} to {@code target}. */
    public List<Switched> switchAll(String processServer, String target) {
        requireKnown(processServer);
        requireAvailable(target);
        if (processServer.equals(target)) {
            throw new ConflictException("the target is process server '" + target + "' itself");
        }
        List<Switched> moved = new ArrayList<>();
        for (ProtectedItem item : em.createQuery(ITEMS_OF_FOR_UPDATE, ProtectedItem.class).setParameter("ps", processServer)
                .setLockMode(LockModeType.PESSIMISTIC_WRITE).getResultList()) {
            moved.add(move(item, target, Severity.INFO, "switched", ""));
        }
        return moved;
    }

    /**
     * Moves the items of each scale-out process server silent for longer than the heartbeat timeout to the
     * healthiest other ones, spread as {@link #targetsFor} says (the built-in one when none). Runs in a transaction
     * of its own (the timer's).
     */
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public List<Switched> rehomeSilent() {
        Duration timeout = MonitoringSettings.processServerHeartbeatTimeout();
        Instant now = Instant.now();
        List<Switched> moved = new ArrayList<>();
        List<ProcessServerView> all = null;
        Map<String, Integer> given = new HashMap<>();
        for (ScaleOutProcessServer ps : scaleOut.all()) {
            Instant heard = ps.getHeartbeatAt() == null ? ps.getRegisteredAt() : ps.getHeartbeatAt();
            if (!heard.plus(timeout).isBefore(now)) {
                continue;
            }
            List<ProtectedItem> items = em.createQuery(ITEMS_OF_FOR_UPDATE, ProtectedItem.class).setParameter("ps", ps.getName())
                    .setLockMode(LockModeType.PESSIMISTIC_WRITE).getResultList();
            if (items.isEmpty()) {
                continue;
            }
            if (all == null) {
                all = servers.all();
            }
            List<String> targets = targetsFor(items.size(), all, ps.getName(), given);
            for (int i = 0; i < items.size(); i++) {
                moved.add(move(items.get(i), targets.get(i), Severity.WARNING, "moved", ": its process server has not "
                        + "heartbeaten since " + heard));
            }
        }
        return moved;
    }

    /**
     * Makes a move load balancing chose, in a transaction of its own, if the item is still where it was seen and the
     * target still heartbeating: a Warning event naming why.
     */
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public Optional<Switched> balance(ProcessServerBalancing.Move chosen) {
        ProtectedItem item = em.find(ProtectedItem.class, chosen.item(), LockModeType.PESSIMISTIC_WRITE);
        if (item == null || !item.getProcessServer().equals(chosen.from())) {
            return Optional.empty();
        }
        requireAvailable(chosen.to());
        return Optional.of(move(item, chosen.to(), Severity.WARNING, "moved", " by load balancing: process server '"
                + chosen.from() + "' is loaded (" + chosen.why() + ")"));
    }

    private Switched move(ProtectedItem item, String target, Severity severity, String how, String why) {
        String from = item.getProcessServer();
        item.assignTo(target);
        vaultChanged.fire(new VaultChanged(item.getName()));
        events.recordAbout(severity, "replication", item.getName(), "'" + item.getName() + "' " + how + " from process server '" + from
                + "' to '" + target + "' (assignment epoch " + item.getAssignmentEpoch() + ")" + why);
        return new Switched(item.getName(), from, target, item.getAssignmentEpoch());
    }

    private void requireKnown(String processServer) {
        if (!ProtectedItem.BUILT_IN_PROCESS_SERVER.equals(processServer) && scaleOut.find(processServer).isEmpty()) {
            throw new ItemNotFoundException("no process server '" + processServer + "'");
        }
    }

    /** The target of a switch: known (404), and heartbeating within the timeout (409); the built-in one always is. */
    private void requireAvailable(String target) {
        requireKnown(target);
        if (ProtectedItem.BUILT_IN_PROCESS_SERVER.equals(target)) {
            return;
        }
        ScaleOutProcessServer ps = scaleOut.find(target).orElseThrow();
        if (ps.isApplier()) {
            throw new ConflictException("'" + target + "' is an applier near Azure: it has no replication endpoint "
                    + "and takes no items (docs/scale-out.md)");
        }
        Instant heartbeat = ps.getHeartbeatAt();
        if (heartbeat == null || heartbeat.plus(MonitoringSettings.processServerHeartbeatTimeout())
                .isBefore(Instant.now())) {
            throw new ConflictException("process server '" + target + "' is not heartbeating (last heartbeat: "
                    + (heartbeat == null ? "never" : heartbeat.toString()) + ")");
        }
    }
}
