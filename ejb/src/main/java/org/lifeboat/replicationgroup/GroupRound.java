package org.lifeboat.replicationgroup;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.lifeboat.protocol.Consistency;

/**
 * One two-phase bookmark round of a group: every member agent holds its writes and reports ready; once all
 * are ready (before the deadline) each takes the bookmark tagged with the round's tag, resumes and reports
 * done. A member that is not ready in time, or reports a failure first, aborts the round for all. Guarded by
 * the {@link GroupBarrier} that holds it.
 */
public final class GroupRound {

    /** Bookmark ids of group rounds start with this; the rest of the tag is unique. */
    public static final String TAG_PREFIX = "grp-";

    public enum State { WAITING, GO, ABORTED, SUCCEEDED, FAILED }

    /** What a member reported when it was done (or gave up). */
    public record MemberOutcome(boolean succeeded, long heldMillis, String consistency, String reason) {
    }

    private final String tag = TAG_PREFIX + UUID.randomUUID();
    private final String group;
    private final Consistency consistency;
    private final Instant startedAt;
    private final Duration hold;
    /** agent id to item name */
    private final Map<String, String> members;
    private final Set<String> delivered = new LinkedHashSet<>();
    private final Set<String> ready = new LinkedHashSet<>();
    private final Map<String, MemberOutcome> outcomes = new LinkedHashMap<>();
    private State state = State.WAITING;
    private String reason;
    private Instant endedAt;

    GroupRound(String group, Consistency consistency, Duration hold, Map<String, String> members, Instant now) {
        this.group = group;
        this.consistency = consistency;
        this.hold = hold;
        this.members = Map.copyOf(members);
        this.startedAt = now;
    }

    public static boolean isGroupTag(String bookmarkId) {
        return bookmarkId != null && bookmarkId.startsWith(TAG_PREFIX);
    }

    /** Until when members may report ready. */
    Instant readyDeadline() {
        return startedAt.plus(hold);
    }

    boolean isMember(String agentId) {
        return members.containsKey(agentId);
    }

    boolean deliveredTo(String agentId) {
        return delivered.contains(agentId);
    }

    /** Gives the round to a member once. */
    boolean deliverTo(String agentId) {
        return state == State.WAITING && isMember(agentId) && delivered.add(agentId);
    }

    /** @return true when this made every member ready */
    boolean ready(String agentId) {
        if (state != State.WAITING) {
            return false;
        }
        ready.add(agentId);
        if (ready.containsAll(members.keySet())) {
            state = State.GO;
            return true;
        }
        return false;
    }

    /** @return true when this ended the round */
    boolean abort(String why, Instant now) {
        if (state != State.WAITING) {
            return false;
        }
        state = State.ABORTED;
        reason = why;
        endedAt = now;
        return true;
    }

    /** @return true when this was the last member's report */
    boolean done(String agentId, MemberOutcome outcome, Instant now) {
        outcomes.put(agentId, outcome);
        if (state == State.WAITING && !outcome.succeeded()) {
            // a member that was ready gives up only when the others were late: name them, as the deadline would
            abort(ready.contains(agentId) ? lateMembers() + " (member '" + members.get(agentId) + "' stopped "
                    + "waiting: " + outcome.reason() + ")"
                    : "member '" + members.get(agentId) + "' gave up before it was ready: " + outcome.reason(), now);
            return true;
        }
        if (state == State.GO && outcomes.keySet().containsAll(members.keySet())) {
            state = outcomes.values().stream().allMatch(MemberOutcome::succeeded) ? State.SUCCEEDED : State.FAILED;
            endedAt = now;
            if (state == State.FAILED) {
                reason = outcomes.entrySet().stream().filter(e -> !e.getValue().succeeded())
                        .map(e -> "member '" + members.get(e.getKey()) + "': " + e.getValue().reason())
                        .reduce((a, b) -> a + "; " + b).orElse("");
            }
            return true;
        }
        return false;
    }

    /** Why the round is aborted at its deadline. */
    String lateMembers() {
        return "member(s) " + String.join(", ", notReady()) + " did not report ready within " + hold.toSeconds() + " s";
    }

    /** The members not ready yet, by item name. */
    Set<String> notReady() {
        Set<String> missing = new LinkedHashSet<>();
        members.forEach((agent, item) -> {
            if (!ready.contains(agent)) {
                missing.add(item);
            }
        });
        return missing;
    }

    boolean ended() {
        return state == State.ABORTED || state == State.SUCCEEDED || state == State.FAILED;
    }

    public String tag() {
        return tag;
    }

    public String group() {
        return group;
    }

    public Consistency consistency() {
        return consistency;
    }

    public Instant startedAt() {
        return startedAt;
    }

    public Duration hold() {
        return hold;
    }

    public State state() {
        return state;
    }

    public Optional<String> reason() {
        return Optional.ofNullable(reason);
    }

    public Optional<Instant> endedAt() {
        return Optional.ofNullable(endedAt);
    }

    /** Item name to its outcome, for the members that reported one. */
    public Map<String, MemberOutcome> outcomes() {
        Map<String, MemberOutcome> byItem = new LinkedHashMap<>();
        outcomes.forEach((agent, outcome) -> byItem.put(members.get(agent), outcome));
        return byItem;
    }

    public Set<String> items() {
        return new LinkedHashSet<>(members.values());
    }
}
