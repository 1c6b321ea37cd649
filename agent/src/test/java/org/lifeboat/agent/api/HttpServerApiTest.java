package org.lifeboat.agent.api;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import jakarta.json.Json;
import jakarta.json.JsonObject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.lifeboat.agent.connection.ServerAddress;
import org.lifeboat.agent.connection.ServerTrust;
import org.lifeboat.agent.disk.DiskId;
import org.lifeboat.agent.state.AgentIdentity;
import org.lifeboat.agent.state.Credential;
import org.lifeboat.agent.testing.FakeRestServer;
import org.lifeboat.agent.testing.TestCertificate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HttpServerApiTest {

    private FakeRestServer server;
    private HttpServerApi api;

    @BeforeEach
    void start() throws Exception {
        TestCertificate certificate = TestCertificate.localhost();
        server = new FakeRestServer(certificate, "unused");
        AgentIdentity identity = new AgentIdentity("agent-7", new Credential("s3cret"), server.apiUrl(),
                new ServerAddress("localhost", 9443), "db01");
        api = new HttpServerApi(identity, ServerTrust.pinned(certificate.certificate()));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void pullsTheConfigurationWithTheAgentsBearerToken() throws Exception {
        server.configuration(Json.createObjectBuilder()
                .add("agentId", "agent-7")
                .add("replicationAddress", "ps.example.com:9443")
                .add("disks", Json.createArrayBuilder().add(Json.createObjectBuilder()
                        .add("diskId", "disk-1").add("path", "/dev/sdb").add("sizeBytes", 1048576).add("protected", true)))
                .add("policy", Json.createObjectBuilder().add("crashConsistentFrequencyMinutes", 5)
                        .add("appConsistentFrequencyMinutes", 0).add("rpoThresholdMinutes", 30))
                .add("heartbeatSeconds", 30)
                .build());

        AgentConfiguration configuration = api.configuration();

        assertEquals(List.of("Bearer agent-7.s3cret"), server.authorizations());
        assertEquals(new ServerAddress("ps.example.com", 9443), configuration.replicationAddress());
        assertEquals(List.of(new DiskConfiguration(DiskId.of("disk-1"), Path.of("/dev/sdb"), 1048576, true)),
                configuration.protectedDisks());
        assertEquals(Duration.ofMinutes(5), configuration.policy().crashConsistentFrequency());
        assertEquals(Duration.ZERO, configuration.policy().appConsistentFrequency());
        assertEquals(Duration.ofSeconds(30), configuration.heartbeatInterval());
    }

    @Test
    void reportsAnInvalidConfigurationByField() {
        server.configuration(Json.createObjectBuilder().add("agentId", "agent-7").build());

        ServerApiException failure = assertThrows(ServerApiException.class, api::configuration);

        assertEquals("the server's configuration is invalid: 'replicationAddress' is missing", failure.getMessage());
    }

    @Test
    void sendsHeartbeatsAndEventsAsTheContractSays() throws Exception {
        api.heartbeat(new Heartbeat("1.0", List.of(new DiskHeartbeat(DiskId.of("disk-1"), true, 42, 4096, 17, true))));
        api.event(new AgentEvent(Severity.WARNING, "pre-freeze failed"));

        JsonObject disk = server.heartbeats().get(0).getJsonArray("disks").getJsonObject(0);
        assertEquals("1.0", server.heartbeats().get(0).getString("agentVersion"));
        assertEquals(Json.createObjectBuilder().add("diskId", "disk-1").add("phase", "INITIAL").add("initialPercent", 42)
                .add("pendingBytes", 4096).add("lastAckedSequence", 17).add("connected", true).build(), disk);
        assertEquals(Json.createObjectBuilder().add("severity", "WARNING").add("message", "pre-freeze failed").build(),
                server.events().get(0));
    }

    @Test
    void tellsWhenTheAgentWasRevoked() {
        server.revoke();

        AgentRevokedException revoked = assertThrows(AgentRevokedException.class, api::configuration);

        assertTrue(revoked.getMessage().startsWith("the server no longer accepts this agent (HTTP 401: agent revoked)"),
                revoked.getMessage());
        assertThrows(AgentRevokedException.class, () -> api.event(new AgentEvent(Severity.INFO, "x")));
    }
}
