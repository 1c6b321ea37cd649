package org.lifeboat.replicationgroup;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import jakarta.annotation.Resource;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.EJB;
import jakarta.ejb.Singleton;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import org.lifeboat.event.EventRepository;
import org.lifeboat.event.Severity;
import org.lifeboat.protocol.Consistency;
import org.lifeboat.shared.ItemNotFoundException;

/**
 * The rounds of all groups, in memory: they last seconds, and a round a restart interrupts is simply not a
 * group point (its members' agents give up at their own deadline). Nothing here blocks a thread: an agent's
 * long-poll for a round and its wait for the go are callbacks (asynchronous JAX-RS), since every waiting agent
 * would otherwise hold one of the server's few HTTP worker threads.
 */
@Singleton
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
public class GroupBarrier {

    /** Ended rounds kept for their status. */
    private static final int KEPT = 64;
    /** After the ready deadline, before the round is aborted: lets a ready that arrives on time land first. */
    private static final long EXPIRY_GRACE_MILLIS = 200;

    @EJB
    private EventRepository events;

    @Resource
    private ManagedScheduledExecutorService scheduler;

    private final Deque<GroupRound> rounds = new ArrayDeque<>();
    /** Agents waiting for a round: each takes one if it can still answer (true). */
    private final Map<String, Predicate<GroupRound>> waitingAgents = new HashMap<>();
    /** Per round, the members waiting for the go (or the abort). */
    private final Map<String, List<Consumer<GroupRound>>> readyWatchers = new HashMap<>();
    /** Per round, who waits for its end. */
    private final Map<String, List<Consumer<GroupRound>>> endWatchers = new HashMap<>();

    /** Opens a round and gives it to the members waiting for one. @param members agent id to item name */
    public GroupRound open(String group, Consistency consistency, Duration hold, Map<String, String> members) {
        GroupRound round = new GroupRound(group, consistency, hold, members, Instant.now());
        synchronized (this) {
            rounds.addFirst(round);
            while (rounds.size() > KEPT && rounds.peekLast().ended()) {
                rounds.removeLast();
            }
            for (String agent : members.keySet()) {
                Predicate<GroupRound> waiting = waitingAgents.remove(agent);
                if (waiting != null && waiting.test(round)) {
                    round.deliverTo(agent);
                }
            }
        }
        scheduler.schedule(this::expire, hold.toMillis() + EXPIRY_GRACE_MILLIS, TimeUnit.MILLISECONDS);
        return round;
    }

    /** Whether a round of the group is under way. */
    public synchronized boolean running(String group) {
        return rounds.stream().anyMatch(r -> r.group().equals(group) && !r.ended());
    }

    /**
     * The next round this agent has not been given: to {@code deliver} now if there is one, else when one opens,
     * until {@link #stopWaiting}. {@code deliver} answers false if it can no longer pass the round on.
     */
    public synchronized void awaitRound(String agentId, Predicate<GroupRound> deliver) {
        for (GroupRound round : rounds) {
            if (round.state() == GroupRound.State.WAITING && round.isMember(agentId) && !round.deliveredTo(agentId)) {
                if (deliver.test(round)) {
                    round.deliverTo(agentId);
                }
                return;
            }
        }
        waitingAgents.put(agentId, deliver);
    }

    public synchronized void stopWaiting(String agentId, Predicate<GroupRound> deliver) {
        waitingAgents.remove(agentId, deliver);
    }

    /**
     * A member holds its writes. {@code answer} gets empty (go) once every member is ready, or why not if the
     * round is aborted first; the caller gives up by its own deadline. Answers are given under this barrier's
     * lock, so they see the round as it is.
     */
    public synchronized void ready(String agentId, String tag, Consumer<Optional<String>> answer) {
        GroupRound round = member(agentId, tag);
        Consumer<GroupRound> watcher = r -> answer.accept(r.state() == GroupRound.State.ABORTED
                ? Optional.of("round aborted: " + r.reason().orElse("")) : Optional.empty());
        if (round.state() != GroupRound.State.WAITING) {
            watcher.accept(round);
            return;
        }
        readyWatchers.computeIfAbsent(tag, t -> new ArrayList<>()).add(watcher);
        if (round.ready(agentId)) {
            fire(readyWatchers, round);
        }
    }

    /** A member took (or failed to take) its bookmark, or gave up before it was ready. */
    public void done(String agentId, String tag, GroupRound.MemberOutcome outcome) {
        GroupRound round;
        synchronized (this) {
            round = member(agentId, tag);
            if (!round.done(agentId, outcome, Instant.now())) {
                return;
            }
        }
        ended(round);
    }

    /** {@code then} gets the round when it ends (at once if it has), under this barrier's lock. */
    public synchronized void whenEnded(String tag, Consumer<GroupRound> then) {
        GroupRound round = find(tag).orElseThrow(() -> new ItemNotFoundException("no group round " + tag));
        if (round.ended()) {
            then.accept(round);
        } else {
            endWatchers.computeIfAbsent(tag, t -> new ArrayList<>()).add(then);
        }
    }

    public synchronized <T> Optional<T> read(String tag, Function<GroupRound, T> view) {
        return find(tag).map(view);
    }

    private Optional<GroupRound> find(String tag) {
        return rounds.stream().filter(r -> r.tag().equals(tag)).findFirst();
    }

    private GroupRound member(String agentId, String tag) {
        return find(tag).filter(r -> r.isMember(agentId)).orElseThrow(() ->
                new ItemNotFoundException("no group round " + tag + " of this agent"));
    }

    /** Aborts the rounds whose members were not all ready in time. */
    private void expire() {
        List<GroupRound> aborted = new ArrayList<>();
        synchronized (this) {
            Instant now = Instant.now();
            for (GroupRound round : rounds) {
                if (round.state() == GroupRound.State.WAITING && now.isAfter(round.readyDeadline())
                        && round.abort(round.lateMembers(), now)) {
                    aborted.add(round);
                }
            }
        }
        aborted.forEach(this::ended);
    }

    private void fire(Map<String, List<Consumer<GroupRound>>> watchers, GroupRound round) {
        List<Consumer<GroupRound>> notify = watchers.remove(round.tag());
        if (notify != null) {
            notify.forEach(w -> w.accept(round));
        }
    }

    /** Tells who watches the round, and records how it ended. */
    private void ended(GroupRound round) {
        synchronized (this) {
            fire(readyWatchers, round); // an aborted round's members waiting for the go
            fire(endWatchers, round);
        }
        Severity severity = round.state() == GroupRound.State.SUCCEEDED ? Severity.INFO : Severity.WARNING;
        String what = switch (round.state()) {
            case SUCCEEDED -> "every member took its bookmark";
            case FAILED -> "failed: " + round.reason().orElse("");
            default -> "aborted for all members: " + round.reason().orElse("");
        };
        events.record(severity, "replication group", "Group round " + round.tag() + " of '" + round.group() + "' ("
                + round.consistency() + "): " + what);
    }
}
