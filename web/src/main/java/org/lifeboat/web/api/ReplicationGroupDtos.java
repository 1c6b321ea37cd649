package org.lifeboat.web.api;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import org.lifeboat.protocol.Consistency;
import org.lifeboat.replicationgroup.GroupPoint;
import org.lifeboat.replicationgroup.GroupRound;
import org.lifeboat.replicationgroup.ReplicationGroup;
import org.lifeboat.shared.InvalidRequestException;

/** The replication-group API's bodies. */
public final class ReplicationGroupDtos {

    private static final Set<String> GROUP_FIELDS = Set.of("name", "items", "policy");
    private static final Set<String> ROUND_FIELDS = Set.of("consistency", "deadlineSeconds");

    private ReplicationGroupDtos() {
    }

    /** {@code PUT /replicationGroups/{group}}: the members, by item name, and the policy whose schedule it follows. */
    public record Settings(List<String> items, String policy) {

        static Settings parse(JsonObject body) {
            JsonRequests.onlyFields(body, GROUP_FIELDS, null);
            if (!(body.get("items") instanceof jakarta.json.JsonArray array)) {
                throw new InvalidRequestException("items", "items is an array of protected item names");
            }
            List<String> items = new ArrayList<>();
            for (JsonValue value : array) {
                if (!(value instanceof JsonString name)) {
                    throw new InvalidRequestException("items", "items is an array of protected item names");
                }
                items.add(name.getString());
            }
            JsonValue policy = body.get("policy");
            if (policy != null && policy != JsonValue.NULL && !(policy instanceof JsonString)) {
                throw new InvalidRequestException("policy", "policy is a replication policy's name");
            }
            return new Settings(items, policy instanceof JsonString s ? s.getString() : null);
        }
    }

    public record Group(String name, List<String> items, String policy) {
        public static Group of(ReplicationGroup group) {
            return new Group(group.getName(), group.getMembers(), group.getPolicy().getName());
        }
    }

    /** {@code POST .../bookmark}: CRASH_CONSISTENT (default) or APP_CONSISTENT, and the members' deadline. */
    public record RoundRequest(Consistency consistency, int deadlineSeconds) {

        static RoundRequest parse(JsonObject body, int defaultDeadline) {
            JsonRequests.onlyFields(body, ROUND_FIELDS, null);
            Consistency consistency = Consistency.CRASH_CONSISTENT;
            if (body.get("consistency") instanceof JsonString value) {
                try {
                    consistency = Consistency.valueOf(value.getString());
                } catch (IllegalArgumentException e) {
                    throw new InvalidRequestException("consistency", "consistency is CRASH_CONSISTENT or APP_CONSISTENT");
                }
            } else if (body.containsKey("consistency")) {
                throw new InvalidRequestException("consistency", "consistency is CRASH_CONSISTENT or APP_CONSISTENT");
            }
            int deadline = defaultDeadline;
            if (body.get("deadlineSeconds") instanceof JsonNumber number && number.isIntegral()) {
                deadline = number.intValue();
            } else if (body.containsKey("deadlineSeconds")) {
                throw new InvalidRequestException("deadlineSeconds", "deadlineSeconds is a whole number of seconds");
            }
            return new RoundRequest(consistency, deadline);
        }
    }

    /** A member's report: whether it took its bookmark, how long it held its writes, why not. */
    public record Member(String item, boolean succeeded, long heldMillis, String consistency, String reason) {
    }

    /** A round: {@code state} WAITING, GO, ABORTED (a member not ready in time), SUCCEEDED or FAILED. */
    public record Round(String tag, String group, String consistency, String state, String reason, Instant startedAt,
                        Instant endedAt, long deadlineSeconds, List<String> items, List<Member> members) {
        static Round of(GroupRound round) {
            return new Round(round.tag(), round.group(), round.consistency().name(), round.state().name(),
                    round.reason().orElse(null), round.startedAt(), round.endedAt().orElse(null),
                    round.hold().toSeconds(), List.copyOf(round.items()), round.outcomes().entrySet().stream()
                    .map(e -> new Member(e.getKey(), e.getValue().succeeded(), e.getValue().heldMillis(),
                            e.getValue().consistency(), e.getValue().reason())).toList());
        }
    }

    /** A group point: each member's recovery point id with the round's tag. */
    public record Point(String tag, String consistency, Instant sourceTime, Map<String, String> recoveryPoints) {
        static Point of(GroupPoint point) {
            return new Point(point.tag(), point.consistency().name(), point.sourceTime(), point.memberPoints());
        }
    }

    /** What an agent is asked: take part in this round, holding its writes at most {@code holdMillis}. */
    public record AgentRound(String tag, String group, String consistency, long holdMillis) {
    }

    public record AgentGo(boolean go, String reason) {
    }

    public record AgentDone(Boolean succeeded, Long heldMillis, String consistency, String reason) {
    }

}
