package org.lifeboat.agent.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

import org.lifeboat.agent.api.JsonFields;
import org.lifeboat.agent.connection.PemCertificate;
import org.lifeboat.agent.registration.Passphrase;
import org.lifeboat.agent.registration.RegistrationProof;

/**
 * The server's agent REST API in miniature, over HTTPS with a test certificate: registration
 * with the passphrase proofs, configuration, heartbeat and events, as the contract describes them.
 */
public final class FakeRestServer implements AutoCloseable {

    public static final String BASE_PATH = "/lifeboat/api/v1";

    private final HttpsServer server;
    private final String certificateHash;
    private final String passphrase;
    private final List<JsonObject> registrations = new CopyOnWriteArrayList<>();
    private final List<JsonObject> heartbeats = new CopyOnWriteArrayList<>();
    private final List<JsonObject> events = new CopyOnWriteArrayList<>();
    private final List<String> authorizations = new CopyOnWriteArrayList<>();
    private volatile boolean forgeServerProof;
    private volatile boolean revoked;
    private volatile JsonObject configuration;

    public FakeRestServer(TestCertificate certificate, String passphrase) throws IOException, GeneralSecurityException {
        this.certificateHash = PemCertificate.sha256Hex(certificate.certificate());
        this.passphrase = passphrase;
        this.server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(certificate.serverContext()));
        server.createContext(BASE_PATH + "/agents", this::handle);
        server.start();
    }

    /** The API URL as an operator passes it, by host name so that the certificate matches. */
    public URI apiUrl() {
        return URI.create("https://localhost:" + server.getAddress().getPort() + BASE_PATH);
    }

    /** Answers registrations with a server proof made without the passphrase. */
    public void forgeServerProof() {
        forgeServerProof = true;
    }

    /** Answers every agent call with 401 from now on. */
    public void revoke() {
        revoked = true;
    }

    public void configuration(JsonObject configuration) {
        this.configuration = configuration;
    }

    /** Lowercase hex SHA-256 of the certificate this server presents. */
    public String certificateSha256() {
        return certificateHash;
    }

    public List<JsonObject> registrations() {
        return List.copyOf(registrations);
    }

    public List<JsonObject> heartbeats() {
        return List.copyOf(heartbeats);
    }

    public List<JsonObject> events() {
        return List.copyOf(events);
    }

    public List<String> authorizations() {
        return List.copyOf(authorizations);
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath().substring((BASE_PATH + "/agents").length());
            String body = read(exchange.getRequestBody());
            if (path.isEmpty() && exchange.getRequestMethod().equals("POST")) {
                register(exchange, JsonFields.parseObject(body));
                return;
            }
            authorizations.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
            if (revoked) {
                answer(exchange, 401, Json.createObjectBuilder().add("error", "agent revoked").build());
            } else if (path.endsWith("/configuration") && exchange.getRequestMethod().equals("GET")) {
                answer(exchange, 200, configuration);
            } else if (path.endsWith("/heartbeat")) {
                heartbeats.add(JsonFields.parseObject(body));
                answer(exchange, 204, null);
            } else if (path.endsWith("/events")) {
                events.add(JsonFields.parseObject(body));
                answer(exchange, 204, null);
            } else {
                answer(exchange, 404, Json.createObjectBuilder().add("error", "no such resource").build());
            }
        }
    }

    private void register(HttpExchange exchange, JsonObject request) throws IOException {
        registrations.add(request);
        RegistrationProof proof = new RegistrationProof(Passphrase.of(passphrase));
        String nonce = JsonFields.string(request, "nonce");
        // a push installation's token: this server takes its passphrase as the one valid token
        boolean byToken = request.containsKey("registrationToken");
        if (byToken ? !passphrase.equals(request.getString("registrationToken"))
                : !proof.agentProof(certificateHash, nonce).equals(JsonFields.string(request, "passphraseProof"))) {
            answer(exchange, 401, Json.createObjectBuilder().add("error", byToken ? "the registration token was used "
                    + "already" : "wrong passphrase").build());
            return;
        }
        String agentId = "agent-" + registrations.size();
        JsonArrayBuilder disks = Json.createArrayBuilder();
        int index = 0;
        for (JsonValue disk : JsonFields.array(request, "disks")) {
            JsonObject requested = (JsonObject) disk;
            disks.add(Json.createObjectBuilder().add("diskId", "disk-" + ++index)
                    .add("path", JsonFields.string(requested, "path"))
                    .add("sizeBytes", JsonFields.number(requested, "sizeBytes")));
        }
        String serverProof = forgeServerProof
                ? new RegistrationProof(Passphrase.of("a guess")).serverProof(certificateHash, nonce, agentId)
                : proof.serverProof(certificateHash, nonce, agentId);
        answer(exchange, 201, Json.createObjectBuilder()
                .add("agentId", agentId)
                .add("credential", "credential-of-" + agentId)
                .add("replicationAddress", "localhost:9443")
                .add("serverProof", serverProof)
                .add("disks", disks)
                .build());
    }

    private static void answer(HttpExchange exchange, int status, JsonObject body) throws IOException {
        if (body == null) {
            exchange.sendResponseHeaders(status, -1);
            return;
        }
        byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static String read(InputStream in) throws IOException {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
}
