package org.lifeboat.agent.api;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpResponse;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

import org.lifeboat.agent.connection.ServerTrust;
import org.lifeboat.agent.disk.DiskId;
import org.lifeboat.agent.state.AgentIdentity;

/** {@link ServerApi} over HTTPS to the server pinned at registration. */
public final class HttpServerApi implements ServerApi {

    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    private static final Duration READY_MARGIN = Duration.ofMillis(500);

    private final JsonHttp http;
    private final URI agentUri;
    private final String authorization;

    public HttpServerApi(AgentIdentity identity, ServerTrust pinnedServer) {
        this.http = new JsonHttp(pinnedServer.sslContext(), TIMEOUT);
        this.agentUri = URI.create(withoutTrailingSlash(identity.apiUrl().toString()) + "/agents/"
                + URLEncoder.encode(identity.agentId(), StandardCharsets.UTF_8) + "/");
        this.authorization = identity.authorization();
    }

    @Override
    public AgentConfiguration configuration() throws ServerApiException {
        JsonHttp.Response response = http.get(agentUri.resolve("configuration"), Optional.of(authorization));
        requireSuccess(response, "configuration", 200);
        try {
            return AgentConfiguration.fromJson(response.json());
        } catch (IllegalArgumentException e) {
            throw new ServerApiException("the server's configuration is invalid: " + e.getMessage(), e);
        }
    }

    @Override
    public List<ResyncRequest> heartbeat(Heartbeat heartbeat) throws ServerApiException {
        JsonHttp.Response response = http.post(agentUri.resolve("heartbeat"), heartbeat.toJson(), Optional.of(authorization));
        requireSuccess(response, "heartbeat", 204);
        if (response.status() != 200 || response.body() == null || response.body().isBlank()) {
            return List.of();
        }
        // 200 carries what the server asks of the agent (a server without resync answers 204)
        try {
            JsonObject reply = response.json();
            List<ResyncRequest> requests = new ArrayList<>();
            if (reply.get("resync") instanceof JsonArray resync) {
                for (JsonValue value : resync) {
                    JsonObject request = value.asJsonObject();
                    requests.add(new ResyncRequest(DiskId.of(JsonFields.string(request, "diskId")),
                            JsonFields.number(request, "generation")));
                }
            }
            return requests;
        } catch (IllegalArgumentException | ClassCastException e) {
            throw new ServerApiException("the server's heartbeat answer is invalid: " + e.getMessage(), e);
        }
    }

    @Override
    public SeedChecksums checksums(DiskId diskId) throws ServerApiException {
        URI uri = agentUri.resolve("disks/" + URLEncoder.encode(diskId.value(), StandardCharsets.UTF_8) + "/checksums");
        HttpResponse<InputStream> response = http.getStream(uri, Optional.of(authorization));
        if (response.statusCode() != 200) {
            String body;
            try (InputStream in = response.body()) {
                body = new String(in.readNBytes(4096), StandardCharsets.UTF_8);
            } catch (IOException e) {
                body = "";
            }
            requireSuccess(new JsonHttp.Response(response.statusCode(), body), "checksums", 200);
        }
        try {
            int blockSize = Integer.parseInt(response.headers().firstValue("Lifeboat-Block-Size").orElseThrow());
            return new SeedChecksums(blockSize, response.body());
        } catch (RuntimeException e) {
            try {
                response.body().close();
            } catch (IOException ignored) {
                // already failing
            }
            throw new ServerApiException("the server's checksums carry no valid Lifeboat-Block-Size", e);
        }
    }

    @Override
    public void event(AgentEvent event) throws ServerApiException {
        post("events", event.toJson());
    }

    @Override
    public Optional<GroupRoundRequest> nextGroupRound(Duration wait) throws ServerApiException {
        JsonHttp.Response response = http.get(agentUri.resolve("groupRounds?waitSeconds=" + wait.toSeconds()),
                Optional.of(authorization));
        requireSuccess(response, "groupRounds", 204);
        if (response.status() != 200) {
            return Optional.empty();
        }
        try {
            JsonObject round = response.json();
            return Optional.of(new GroupRoundRequest(JsonFields.string(round, "tag"), JsonFields.string(round, "group"),
                    org.lifeboat.protocol.Consistency.valueOf(JsonFields.string(round, "consistency")),
                    Duration.ofMillis(JsonFields.number(round, "holdMillis"))));
        } catch (IllegalArgumentException e) {
            throw new ServerApiException("the server's group round is invalid: " + e.getMessage(), e);
        }
    }

    @Override
    public Optional<String> groupReady(String tag, Duration wait) throws ServerApiException {
        // the server answers a little before the wait ends; the request itself gives up when it ends
        long serverWait = Math.max(0, wait.minus(READY_MARGIN).toMillis());
        JsonHttp.Response response = http.post(agentUri.resolve("groupRounds/" + URLEncoder.encode(tag,
                        StandardCharsets.UTF_8) + "/ready?waitMillis=" + serverWait),
                jakarta.json.JsonValue.EMPTY_JSON_OBJECT, Optional.of(authorization),
                wait.isZero() ? Duration.ofMillis(1) : wait);
        requireSuccess(response, "ready", 200);
        JsonObject answer = response.json();
        if (JsonFields.bool(answer, "go")) {
            return Optional.empty();
        }
        return Optional.of(answer.getString("reason", "the server said not to go"));
    }

    @Override
    public void groupDone(String tag, GroupRoundOutcome outcome) throws ServerApiException {
        post("groupRounds/" + URLEncoder.encode(tag, StandardCharsets.UTF_8) + "/done", outcome.toJson());
    }

    private void post(String resource, JsonObject body) throws ServerApiException {
        requireSuccess(http.post(agentUri.resolve(resource), body, Optional.of(authorization)), resource, 204);
    }

    private static void requireSuccess(JsonHttp.Response response, String resource, int expected)
            throws ServerApiException {
        int status = response.status();
        if (status == 401 || status == 403) {
            throw new AgentRevokedException("the server no longer accepts this agent (HTTP " + status + ": "
                    + response.error() + "); it was removed or its credential revoked. Register it again.");
        }
        // A body is needed from 200; for the 204 calls any success will do.
        boolean succeeded = expected == 200 ? status == 200 : status / 100 == 2;
        if (!succeeded) {
            throw new ServerApiException("the server answered HTTP " + status + " to " + resource + ": " + response.error());
        }
    }

    private static String withoutTrailingSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
