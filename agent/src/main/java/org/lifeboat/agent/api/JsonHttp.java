package org.lifeboat.agent.api;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;

import jakarta.json.JsonObject;
import jakarta.json.JsonString;

/**
 * JSON over HTTPS to the server, through one TLS context (the pinned certificate, or the one
 * captured during registration). Transport failures become one-line {@link ServerApiException}s.
 */
public final class JsonHttp {

    private final HttpClient client;
    private final Duration timeout;

    public JsonHttp(SSLContext tls, Duration timeout) {
        this.client = HttpClient.newBuilder()
                .sslContext(tls)
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        this.timeout = timeout;
    }

    /** An answer: its status and body, whatever the status. */
    public record Response(int status, String body) {

        public JsonObject json() throws ServerApiException {
            try {
                return JsonFields.parseObject(body);
            } catch (IllegalArgumentException e) {
                throw new ServerApiException("the server answered HTTP " + status + " with " + e.getMessage());
            }
        }

        /** The {@code error} (and {@code field}) of an error answer, or the status alone. */
        public String error() {
            try {
                JsonObject json = JsonFields.parseObject(body);
                String error = json.get("error") instanceof JsonString text ? text.getString() : "HTTP " + status;
                return json.get("field") instanceof JsonString field ? error + " (field " + field.getString() + ")" : error;
            } catch (IllegalArgumentException e) {
                return "HTTP " + status;
            }
        }
    }

    public Response get(URI uri, Optional<String> authorization) throws ServerApiException {
        return send(request(uri, authorization).GET().build());
    }

    /** A GET whose body is read as a stream (binary, possibly large); the caller closes the body. */
    public HttpResponse<InputStream> getStream(URI uri, Optional<String> authorization) throws ServerApiException {
        HttpRequest request = request(uri, authorization).setHeader("Accept", "application/octet-stream").GET().build();
        return send(request, HttpResponse.BodyHandlers.ofInputStream());
    }

    public Response post(URI uri, JsonObject body, Optional<String> authorization) throws ServerApiException {
        return post(uri, body, authorization, timeout);
    }

    /** A POST with its own time limit (one the server may take long to answer, up to a deadline). */
    public Response post(URI uri, JsonObject body, Optional<String> authorization, Duration limit)
            throws ServerApiException {
        return send(request(uri, authorization).timeout(limit)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8))
                .build());
    }

    /** A POST of a JSON body whose answer is a stream of bytes (the caller checks its status and closes it). */
    public HttpResponse<InputStream> postForStream(URI uri, JsonObject body, Optional<String> authorization)
            throws ServerApiException {
        HttpRequest request = request(uri, authorization).setHeader("Accept", "application/octet-stream")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8)).build();
        return send(request, HttpResponse.BodyHandlers.ofInputStream());
    }

    private HttpRequest.Builder request(URI uri, Optional<String> authorization) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri).timeout(timeout).header("Accept", "application/json");
        authorization.ifPresent(value -> builder.header("Authorization", value));
        return builder;
    }

    private Response send(HttpRequest request) throws ServerApiException {
        HttpResponse<String> response = send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        return new Response(response.statusCode(), response.body());
    }

    private <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler)
            throws ServerApiException {
        String target = request.method() + " " + request.uri();
        try {
            return client.send(request, handler);
        } catch (HttpConnectTimeoutException e) {
            throw new ServerApiException(target + ": cannot connect within " + timeout.toSeconds() + " s", e);
        } catch (HttpTimeoutException e) {
            throw new ServerApiException(target + ": no answer within " + timeout.toSeconds() + " s", e);
        } catch (ConnectException e) {
            // The JDK's client gives no message when the connection is refused.
            throw new ServerApiException(target + ": cannot connect (" + reason(e, "connection refused") + ")", e);
        } catch (SSLException e) {
            throw new ServerApiException(target + ": TLS failed (" + reason(e, e.getClass().getSimpleName()) + ")", e);
        } catch (IOException e) {
            throw new ServerApiException(target + ": " + reason(e, e.getClass().getSimpleName()), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ServerApiException(target + ": interrupted", e);
        }
    }

    /** The first message along the chain of causes, or {@code otherwise}. */
    private static String reason(Throwable failure, String otherwise) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause.getMessage() != null && !cause.getMessage().isEmpty()) {
                return cause.getMessage();
            }
        }
        return otherwise;
    }
}
