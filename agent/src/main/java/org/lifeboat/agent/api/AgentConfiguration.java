package org.lifeboat.agent.api;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

import org.lifeboat.agent.connection.ServerAddress;

/**
 * What the server wants of this agent: where to replicate, which disks, how often to take
 * bookmarks and heartbeats. Pulled at start and every minute; the last one is kept in the state
 * directory so the agent can replicate while the REST API is unreachable.
 *
 * @param processServerCertificateSha256 the SHA-256 of the certificate the process server at
 *        {@code replicationAddress} presents, the only one the agent accepts there; empty from a server that
 *        names none (before process servers had their own), when the certificate pinned at registration applies
 */
public record AgentConfiguration(String agentId, ServerAddress replicationAddress,
                                 Optional<String> processServerCertificateSha256, List<DiskConfiguration> disks,
                                 ReplicationPolicy policy, Duration heartbeatInterval) {

    private static final String CERTIFICATE_FIELD = "processServerCertificateSha256";

    public AgentConfiguration {
        disks = List.copyOf(disks);
        processServerCertificateSha256 = processServerCertificateSha256.map(sha -> sha.toLowerCase(Locale.ROOT));
        if (processServerCertificateSha256.filter(sha -> !sha.matches("[0-9a-f]{64}")).isPresent()) {
            throw new IllegalArgumentException("'" + CERTIFICATE_FIELD + "' is not a SHA-256 (64 hex digits)");
        }
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
                json.containsKey(CERTIFICATE_FIELD) && !json.isNull(CERTIFICATE_FIELD)
                        ? Optional.of(JsonFields.string(json, CERTIFICATE_FIELD)) : Optional.empty(),
                JsonFields.array(json, "disks").stream().map(AgentConfiguration::diskFrom).toList(),
                ReplicationPolicy.fromJson(JsonFields.object(json, "policy")),
                Duration.ofSeconds(JsonFields.number(json, "heartbeatSeconds")));
    }

    public JsonObject toJson() {
        JsonArrayBuilder diskArray = Json.createArrayBuilder();
        disks.forEach(disk -> diskArray.add(disk.toJson()));
        var json = Json.createObjectBuilder()
                .add("agentId", agentId)
                .add("replicationAddress", replicationAddress.toString());
        processServerCertificateSha256.ifPresent(sha -> json.add(CERTIFICATE_FIELD, sha));
        return json.add("disks", diskArray)
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
