package org.lifeboat.replicationgroup;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.EJB;
import jakarta.ejb.Singleton;
import org.lifeboat.event.EventLog;
import org.lifeboat.event.Severity;
import org.lifeboat.protocol.Consistency;

/**
 * The rounds of all groups, in memory: they last seconds, and a round a restart interrupts is simply not a
 * group point (its members' agents give up at their own deadline). Agents wait here (long-poll for a round,
 * then for the go), bounded by the time each asks for and by the round's deadline.
 */
@Singleton
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
public class GroupBarrier {

    /** Ended rounds kept for their status. */
    private static final int KEPT = 64;

    @EJB
    private EventLog events;

    private final Deque<GroupRound> rounds = new ArrayDeque<>();

    /** Opens a round; members learn of it at their next poll. @param members agent id to item name */
    public GroupRound open(String group, Consistency consistency, Duration hold, Map<String, String> members) {
        GroupRound round = new GroupRound(group, consistency, hold, members, Instant.now());
        synchronized (this) {
            rounds.addFirst(round);
            while (rounds.size() > KEPT && rounds.peekLast().ended()) {
                rounds.removeLast();
            }
            notifyAll();
        }
        return round;
    }

    /** Whether a round of the group is under way. */
    public synchronized boolean running(String group) {
        expire();
        return rounds.stream().anyMatch(r -> r.group().equals(group) && !r.ended());
    }

    /** The next round this agent has not been given, waiting for one up to {@code wait}. */
    public synchronized Optional<GroupRound> next(String agentId, Duration wait) throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            expire();
            Optional<GroupRound> round = rounds.stream().filter(r -> r.deliverTo(agentId)).findFirst();
            long left = deadline - System.nanoTime();
            if (round.isPresent() || left <= 0) {
                return round;
            }
            wait(Math.max(1, Math.min(left / 1_000_000, 1000)));
        }
    }

    /**
     * A member holds its writes: waits until every member is, or the round ends, or {@code wait} passes.
     *
     * @return empty to go ahead, else why not
     */
    public synchronized Optional<String> ready(String agentId, String tag, Duration wait) throws InterruptedException {
        GroupRound round = member(agentId, tag);
        if (round.ready(agentId)) {
            notifyAll();
        }
        long deadline = System.nanoTime() + wait.toNanos();
        while (round.state() == GroupRound.State.WAITING) {
            expire();
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return Optional.of("not every member was ready before this member's own deadline");
            }
            wait(Math.max(1, Math.min(left / 1_000_000, 500)));
        }
        return round.state() == GroupRound.State.ABORTED
                ? Optional.of("round aborted: " + round.reason().orElse("")) : Optional.empty();
    }

    /** A member took (or failed to take) its bookmark, or gave up before it was ready. */
    public synchronized void done(String agentId, String tag, GroupRound.MemberOutcome outcome) {
        GroupRound round = member(agentId, tag);
        if (round.done(agentId, outcome, Instant.now())) {
            notifyAll();
            ended(round);
        }
    }

    /** Waits until the round ends, up to {@code wait}; @return what {@code view} makes of it then */
    public synchronized <T> Optional<T> await(String tag, Duration wait, Function<GroupRound, T> view)
            throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            expire();
            Optional<GroupRound> round = find(tag);
            long left = deadline - System.nanoTime();
            if (round.isEmpty() || round.get().ended() || left <= 0) {
                return round.map(view);
            }
            wait(Math.max(1, Math.min(left / 1_000_000, 500)));
        }
    }

    public synchronized <T> Optional<T> read(String tag, Function<GroupRound, T> view) {
        expire();
        return find(tag).map(view);
    }

    private Optional<GroupRound> find(String tag) {
        return rounds.stream().filter(r -> r.tag().equals(tag)).findFirst();
    }

    private GroupRound member(String agentId, String tag) {
        return find(tag).filter(r -> r.isMember(agentId)).orElseThrow(() ->
                new org.lifeboat.shared.ItemNotFoundException("no group round " + tag + " of this agent"));
    }

    /** Aborts the rounds whose members were not all ready in time. */
    private void expire() {
        Instant now = Instant.now();
        for (GroupRound round : rounds) {
            if (round.state() == GroupRound.State.WAITING && now.isAfter(round.readyDeadline())
                    && round.abort("member(s) " + String.join(", ", round.notReady()) + " did not report ready within "
                    + round.hold().toSeconds() + " s", now)) {
                notifyAll();
                ended(round);
            }
        }
    }

    private void ended(GroupRound round) {
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
