package org.lifeboat.agent.api;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;

import org.lifeboat.agent.connection.ServerTrust;
import org.lifeboat.agent.disk.DiskId;
import org.lifeboat.agent.failback.ImageRange;
import org.lifeboat.agent.failback.PointChecksums;
import org.lifeboat.agent.failback.RecoveryPointSource;
import org.lifeboat.agent.state.AgentIdentity;

/**
 * One disk of one of the agent's recovery points over HTTPS, with the agent's credential:
 * {@code GET /agents/{agentId}/disks/{diskId}/recoveryPoints/{point}/checksums} and {@code POST .../ranges}.
 */
public final class HttpRecoveryPoint implements RecoveryPointSource {

    /** Until the answer's headers: the server reads the point's first block from storage before it answers. */
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final JsonHttp http;
    private final URI pointUri;
    private final String authorization;

    public HttpRecoveryPoint(AgentIdentity identity, ServerTrust pinnedServer, DiskId diskId, String pointId) {
        this.http = new JsonHttp(pinnedServer.sslContext(), TIMEOUT);
        String api = identity.apiUrl().toString();
        this.pointUri = URI.create((api.endsWith("/") ? api.substring(0, api.length() - 1) : api) + "/agents/"
                + encode(identity.agentId()) + "/disks/" + encode(diskId.value()) + "/recoveryPoints/"
                + encode(pointId) + "/");
        this.authorization = identity.authorization();
    }

    @Override
    public PointChecksums checksums() throws ServerApiException {
        HttpResponse<InputStream> response = expect(http.getStream(pointUri.resolve("checksums"),
                Optional.of(authorization)), 200, "checksums");
        try {
            return new PointChecksums(Integer.parseInt(response.headers().firstValue("Lifeboat-Block-Size").orElseThrow()),
                    Long.parseLong(response.headers().firstValue("Lifeboat-Disk-Size").orElseThrow()), response.body());
        } catch (RuntimeException e) {
            closeQuietly(response.body());
            throw new ServerApiException("the server's checksums carry no valid Lifeboat-Block-Size and "
                    + "Lifeboat-Disk-Size", e);
        }
    }

    @Override
    public InputStream read(List<ImageRange> ranges) throws ServerApiException {
        JsonArrayBuilder list = Json.createArrayBuilder();
        ranges.forEach(range -> list.add(Json.createObjectBuilder().add("offset", range.offset())
                .add("length", range.length())));
        return expect(http.postForStream(pointUri.resolve("ranges"), Json.createObjectBuilder().add("ranges", list)
                .build(), Optional.of(authorization)), 200, "ranges").body();
    }

    private static HttpResponse<InputStream> expect(HttpResponse<InputStream> response, int status, String resource)
            throws ServerApiException {
        if (response.statusCode() == status) {
            return response;
        }
        String body;
        try (InputStream in = response.body()) {
            body = new String(in.readNBytes(4096), StandardCharsets.UTF_8);
        } catch (IOException e) {
            body = "";
        }
        throw new ServerApiException("the server answered HTTP " + response.statusCode() + " to the recovery point's "
                + resource + ": " + new JsonHttp.Response(response.statusCode(), body).error());
    }

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException ignored) {
            // already failing
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
