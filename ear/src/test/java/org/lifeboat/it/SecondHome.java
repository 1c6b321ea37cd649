package org.lifeboat.it;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A second Lifeboat, started by a test in a home and on a port base of its own beside the build's
 * shared stack, seen as its operator sees it: the lines its {@code start} printed, its own certificate
 * and admin password.
 */
final class SecondHome {

    final Path home;
    final int portBase;
    private final Map<String, String> access = new LinkedHashMap<>();

    SecondHome(Path home, int portBase, LifeboatStack.CommandResult start) {
        this.home = home;
        this.portBase = portBase;
        for (String line : start.stdout().split("\n")) {
            int colon = line.indexOf(": ");
            if (colon > 0) {
                access.putIfAbsent(line.substring(0, colon), line.substring(colon + 2));
            }
        }
        if (!access.containsKey("API")) {
            throw new IllegalStateException("no API line in " + start);
        }
    }

    /** Its API's base URL, as its start printed it. */
    String api() {
        return access.get("API");
    }

    /** The passphrase file agents register with. */
    Path registrationPassphrase() {
        return home.resolve("secrets/registration-passphrase");
    }

    LifeboatStack.CommandResult launcher(String... args) {
        return LifeboatStack.launcherIn(home, portBase, Duration.ofMinutes(10), args);
    }

    HttpResponse<String> getAsAdmin(String apiPath) {
        return send(request(apiPath).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> postAsAdmin(String apiPath, String json) {
        return send(request(apiPath).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<InputStream> streamAsAdmin(String apiPath) {
        return send(request(apiPath).timeout(Duration.ofMinutes(10)).GET().build(),
                HttpResponse.BodyHandlers.ofInputStream());
    }

    private HttpRequest.Builder request(String apiPath) {
        String password = LifeboatStack.read(Path.of(access.get("Admin password file")));
        return HttpRequest.newBuilder(URI.create(access.get("API") + apiPath)).timeout(Duration.ofSeconds(120))
                .header("Authorization", "Basic " + Base64.getEncoder()
                        .encodeToString(("admin:" + password).getBytes(StandardCharsets.UTF_8)));
    }

    private <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
        HttpClient client = HttpClient.newBuilder()
                .sslContext(LifeboatStack.trusting(Path.of(access.get("Server certificate"))))
                .connectTimeout(Duration.ofSeconds(10)).build();
        try {
            return client.send(request, handler);
        } catch (IOException e) {
            throw new IllegalStateException(request.method() + " " + request.uri() + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
