package org.lifeboat.launcher;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code lifeboat vault recover}: hands a recovery key file to the running server's
 * {@code POST /vault/recover} as the administrator, trusting only the server's own certificate, and
 * prints what came back. The key travels in the request body only, never on a command line.
 * Exits 0 when recovered, 1 with the server's reason otherwise.
 *
 * <p>Usage: {@code VaultRecover API_URL CERT_PEM ADMIN_PASSWORD_FILE KEY_FILE}
 */
public final class VaultRecover {

    private static final Pattern ERROR = Pattern.compile("\"error\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");

    private VaultRecover() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 4) {
            System.err.println("usage: VaultRecover API_URL CERT_PEM ADMIN_PASSWORD_FILE KEY_FILE");
            System.exit(2);
        }
        String key = Files.readString(Path.of(args[3]), StandardCharsets.US_ASCII).strip();
        if (!key.matches("[A-Za-z0-9+/=]*")) {
            System.err.println(args[3] + " is not a vault recovery key (base64, as 'lifeboat vault export-key' prints it)");
            System.exit(1);
        }
        String password = Files.readString(Path.of(args[2]), StandardCharsets.UTF_8).strip();
        HttpClient client = HttpClient.newBuilder().sslContext(HealthWait.trusting(Path.of(args[1])))
                .connectTimeout(Duration.ofSeconds(10)).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create(args[0] + "/vault/recover"))
                .timeout(Duration.ofMinutes(30))
                .header("Content-Type", "application/json")
                .header("Authorization", "Basic " + Base64.getEncoder()
                        .encodeToString(("admin:" + password).getBytes(StandardCharsets.UTF_8)))
                .POST(HttpRequest.BodyPublishers.ofString("{\"recoveryKey\":\"" + key + "\"}")).build();
        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 200) {
            System.out.println("Recovered from the vault catalog: " + response.body());
            return;
        }
        Matcher error = ERROR.matcher(response.body());
        System.err.println("vault recovery refused (HTTP " + response.statusCode() + "): "
                + (error.find() ? error.group(1).replace("\\\"", "\"") : response.body()));
        System.exit(1);
    }
}
