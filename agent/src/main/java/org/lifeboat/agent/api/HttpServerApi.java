package org.lifeboat.agent.api;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

import jakarta.json.JsonObject;

import org.lifeboat.agent.connection.ServerTrust;
import org.lifeboat.agent.state.AgentIdentity;

/** {@link ServerApi} over HTTPS to the server pinned at registration. */
public final class HttpServerApi implements ServerApi {

    private static final Duration TIMEOUT = Duration.ofSeconds(20);

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
    public void heartbeat(Heartbeat heartbeat) throws ServerApiException {
        post("heartbeat", heartbeat.toJson());
    }

    @Override
    public void event(AgentEvent event) throws ServerApiException {
        post("events", event.toJson());
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
