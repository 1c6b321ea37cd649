package org.lifeboat.agent.api;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

import org.lifeboat.agent.connection.ServerTrust;
import org.lifeboat.agent.disk.DiskId;
import org.lifeboat.agent.failback.PointChecksums;
import org.lifeboat.agent.failback.RecoveryPointSource;
import org.lifeboat.agent.state.AgentIdentity;

/**
 * One disk of one of the agent's recovery points over HTTPS, with the agent's credential:
 * {@code GET /agents/{agentId}/disks/{diskId}/recoveryPoints/{point}/checksums} and {@code .../image} by range.
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
    public InputStream read(long offset, int length) throws ServerApiException {
        // 206 only: a 200 would be the whole disk, not the range asked for
        return expect(http.getRange(pointUri.resolve("image"), Optional.of(authorization), offset,
                offset + length - 1), 206, "image").body();
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
