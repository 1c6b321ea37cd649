package org.lifeboat.agent.state;

import java.net.URI;
import java.util.Objects;
import java.util.Properties;

import org.lifeboat.agent.connection.ServerAddress;

/**
 * Who this agent is to its server, as registration left it.
 *
 * @param agentId            the id the server issued
 * @param credential         the secret that proves the id
 * @param apiUrl             the server's REST base, e.g. {@code https://host:8081/lifeboat/api/v1}
 * @param replicationAddress the process server's replication port
 * @param name               the name the agent registered under
 */
public record AgentIdentity(String agentId, Credential credential, URI apiUrl, ServerAddress replicationAddress,
                            String name) {

    public AgentIdentity {
        Objects.requireNonNull(agentId, "agentId");
        Objects.requireNonNull(credential, "credential");
        Objects.requireNonNull(apiUrl, "apiUrl");
        Objects.requireNonNull(replicationAddress, "replicationAddress");
        Objects.requireNonNull(name, "name");
        if (agentId.isEmpty()) {
            throw new IllegalArgumentException("the agent id is empty");
        }
    }

    /** The REST header value {@code Bearer <agentId>.<credential>}. */
    public String authorization() {
        return "Bearer " + agentId + "." + credential.reveal();
    }

    Properties toProperties() {
        Properties properties = new Properties();
        properties.setProperty("agentId", agentId);
        properties.setProperty("credential", credential.reveal());
        properties.setProperty("apiUrl", apiUrl.toString());
        properties.setProperty("replicationAddress", replicationAddress.toString());
        properties.setProperty("name", name);
        return properties;
    }

    /**
     * @throws IllegalArgumentException naming the missing or invalid property
     */
    static AgentIdentity fromProperties(Properties properties) {
        return new AgentIdentity(
                required(properties, "agentId"),
                new Credential(required(properties, "credential")),
                URI.create(required(properties, "apiUrl")),
                ServerAddress.parse(required(properties, "replicationAddress")),
                required(properties, "name"));
    }

    private static String required(Properties properties, String key) {
        String value = properties.getProperty(key);
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException("'" + key + "' is missing");
        }
        return value;
    }
}
