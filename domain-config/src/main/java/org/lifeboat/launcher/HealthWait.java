package org.lifeboat.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.time.Instant;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Waits until Lifeboat's health endpoint answers 200 over TLS, trusting only the server's own
 * certificate. Exits 0 when healthy; otherwise prints the last answer (which names the failing parts)
 * and exits 1, so the launcher never says "ready" for an application that does not answer.
 *
 * <p>Usage: {@code HealthWait URL CERT_PEM TIMEOUT_SECONDS}
 */
public final class HealthWait {

    private HealthWait() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            System.err.println("usage: HealthWait URL CERT_PEM TIMEOUT_SECONDS");
            System.exit(2);
        }
        HttpClient client = HttpClient.newBuilder()
                .sslContext(trusting(Path.of(args[1])))
                .connectTimeout(Duration.ofSeconds(5))
                .build();
        HttpRequest request = HttpRequest.newBuilder(URI.create(args[0])).timeout(Duration.ofSeconds(30)).GET().build();
        Instant deadline = Instant.now().plusSeconds(Long.parseLong(args[2]));
        String last = "no answer";
        while (Instant.now().isBefore(deadline)) {
            try {
                HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    return;
                }
                last = "HTTP " + response.statusCode() + ": " + response.body();
            } catch (IOException e) {
                last = e.getClass().getSimpleName() + ": " + e.getMessage();
            }
            Thread.sleep(1000);
        }
        System.err.println("not healthy after " + args[2] + " s: " + last);
        System.exit(1);
    }

    static SSLContext trusting(Path certificatePem) throws IOException, GeneralSecurityException {
        KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
        trust.load(null, null);
        try (InputStream in = Files.newInputStream(certificatePem)) {
            int i = 0;
            for (Certificate certificate : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                trust.setCertificateEntry("lifeboat-" + i++, certificate);
            }
        }
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, factory.getTrustManagers(), null);
        return context;
    }
}
