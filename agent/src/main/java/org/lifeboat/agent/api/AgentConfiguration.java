package org.lifeboat.agent.api;

import java.time.Duration;
import java.util.List;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

import org.lifeboat.agent.connection.ServerAddress;

/**
 * What the server wants of this agent: where to replicate, which disks, how often to take
 * bookmarks and heartbeats. Pulled at start and every minute; the last one is kept in the state
 * directory so the agent can replicate while the REST API is unreachable.
 */
public record AgentConfiguration(String agentId, ServerAddress replicationAddress, List<DiskConfiguration> disks,
                                 ReplicationPolicy policy, Duration heartbeatInterval) {

    public AgentConfiguration {
        disks = List.copyOf(disks);
        if (heartbeatInterval.isNegative() || heartbeatInterval.isZero()) {
            throw new IllegalArgumentException("'heartbeatSeconds' is not positive");
        }
    }

    public List<DiskConfiguration> protectedDisks() {
        return disks.stream().filter(DiskConfiguration::isProtected).toList();
    }

    /**
     * @throws IllegalArgumentException naming the field that is missing or invalid
     */
    public static AgentConfiguration fromJson(JsonObject json) {
        return new AgentConfiguration(
                JsonFields.string(json, "agentId"),
                ServerAddress.parse(JsonFields.string(json, "replicationAddress")),
                JsonFields.array(json, "disks").stream().map(AgentConfiguration::diskFrom).toList(),
                ReplicationPolicy.fromJson(JsonFields.object(json, "policy")),
                Duration.ofSeconds(JsonFields.number(json, "heartbeatSeconds")));
    }

    public JsonObject toJson() {
        JsonArrayBuilder diskArray = Json.createArrayBuilder();
        disks.forEach(disk -> diskArray.add(disk.toJson()));
        return Json.createObjectBuilder()
                .add("agentId", agentId)
                .add("replicationAddress", replicationAddress.toString())
                .add("disks", diskArray)
                .add("policy", policy.toJson())
                .add("heartbeatSeconds", heartbeatInterval.toSeconds())
                .build();
    }

    private static DiskConfiguration diskFrom(JsonValue value) {
        if (!(value instanceof JsonObject disk)) {
            throw new IllegalArgumentException("an entry of 'disks' is not an object");
        }
        return DiskConfiguration.fromJson(disk);
    }
}
