package org.lifeboat.bench;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard against the API serving the same data, on a seeded stack (bench/dashboard/run.sh): the page's
 * server time (an HTTP GET of index.xhtml with a signed-in session), its time to interactive in headless Chromium
 * (Navigation Timing), and the API calls whose answers the dashboard shows, each several times in the same run.
 * Then one item's page and its API calls. Arguments: console URL, API URL, server certificate (PEM), admin
 * password file, runs, and optionally {@code item-only} (just the item's reads: run.sh's baseline without the
 * database's indexes).
 */
public final class DashboardBench {

    /** What the dashboard shows, as the API serves it. */
    private static final List<String> API_CALLS = List.of("protectedItems", "events?active=true&max=50",
            "jobs?state=RUNNING", "processServers", "vault", "health");

    /** One item's page and the API calls serving it: a read of one item among all the vault's points. */
    private static final String ITEM = "bench-vm-00001";
    private static final List<String> ITEM_CALLS = List.of("protectedItems/" + ITEM,
            "protectedItems/" + ITEM + "/recoveryPoints");

    private DashboardBench() {
    }

    public static void main(String[] args) throws Exception {
        URI console = URI.create(args[0]);
        URI api = URI.create(args[1]);
        Path certificate = Path.of(args[2]);
        String password = Files.readString(Path.of(args[3])).strip();
        int runs = Integer.parseInt(args[4]);
        boolean itemOnly = args.length > 5 && "item-only".equals(args[5]);
        HttpClient http = HttpClient.newBuilder().sslContext(trusting(certificate))
                .connectTimeout(Duration.ofSeconds(10)).build();
        String basic = "Basic " + Base64.getEncoder().encodeToString(("admin:" + password).getBytes(StandardCharsets.UTF_8));

        ChromeOptions options = new ChromeOptions().setBinary("/usr/bin/chromium")
                .addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                        "--disable-background-networking", "--disable-component-update", "--disable-sync",
                        "--disable-quic", "--no-first-run", "--window-size=1440,900",
                        "--user-data-dir=" + Files.createTempDirectory("dashboard-bench-chromium"),
                        "--ignore-certificate-errors-spki-list=" + pin(certificate));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(Path.of("/usr/bin/chromedriver").toFile()).usingAnyFreePort().build();
        ChromeDriver driver = new ChromeDriver(service, options);
        try {
            driver.get(console.resolve("login.xhtml").toString());
            WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(120));
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("login:username"))).sendKeys("admin");
            driver.findElement(By.id("login:password")).sendKeys(password);
            driver.findElement(By.id("login:signIn")).click();
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("itemsHeading")));
            String session = "JSESSIONID=" + driver.manage().getCookieNamed("JSESSIONID").getValue();

            if (itemOnly) {
                itemReads(http, console, api, session, basic, runs);
                return;
            }
            URI page = console.resolve("index.xhtml");
            HttpRequest pageRequest = HttpRequest.newBuilder(page).header("Cookie", session)
                    .timeout(Duration.ofMinutes(5)).GET().build();
            int[] pageBytes = new int[1];
            System.out.printf("== dashboard: GET %s (signed in), %d runs after 3 warm-up%n", page, runs);
            report("server time of the page", times(runs, () -> {
                HttpResponse<String> response = send(http, pageRequest);
                expect(response, "itemsHeading");
                pageBytes[0] = response.body().getBytes(StandardCharsets.UTF_8).length;
                return null;
            }));
            System.out.printf("   page size: %,d bytes%n", pageBytes[0]);

            System.out.println("== the same data through the API (Basic auth), each call and all of them in turn");
            List<Double> allCalls = new ArrayList<>();
            for (int i = 0; i < runs + 3; i++) {
                allCalls.add(0.0);
            }
            for (String call : API_CALLS) {
                HttpRequest request = HttpRequest.newBuilder(api.resolve(call)).header("Authorization", basic)
                        .header("Accept", "application/json").timeout(Duration.ofMinutes(5)).GET().build();
                int[] bytes = new int[1];
                List<Double> each = timesWithWarmUp(runs, () -> {
                    HttpResponse<String> response = send(http, request);
                    expect(response, "");
                    bytes[0] = response.body().getBytes(StandardCharsets.UTF_8).length;
                    return null;
                });
                for (int i = 0; i < each.size(); i++) {
                    allCalls.set(i, allCalls.get(i) + each.get(i));
                }
                report(String.format("GET /api/v1/%s (%,d bytes)", call, bytes[0]), each.subList(3, each.size()));
            }
            report("all six API calls in turn", allCalls.subList(3, allCalls.size()));

            System.out.printf("== time to interactive in headless Chromium (Navigation Timing), %d loads%n", runs);
            List<Double> server = new ArrayList<>();
            List<Double> interactive = new ArrayList<>();
            List<Double> contentLoaded = new ArrayList<>();
            List<Double> loaded = new ArrayList<>();
            for (int i = 0; i < runs + 3; i++) {
                driver.get(page.toString());
                wait.until(d -> "complete".equals(((JavascriptExecutor) d).executeScript("return document.readyState")));
                @SuppressWarnings("unchecked")
                Map<String, Object> timing = (Map<String, Object>) driver.executeScript("""
                        const n = performance.getEntriesByType('navigation')[0];
                        return {server: n.responseStart - n.requestStart, interactive: n.domInteractive,
                                contentLoaded: n.domContentLoadedEventEnd, loaded: n.loadEventEnd};""");
                if (i >= 3) {
                    server.add(number(timing.get("server")));
                    interactive.add(number(timing.get("interactive")));
                    contentLoaded.add(number(timing.get("contentLoaded")));
                    loaded.add(number(timing.get("loaded")));
                }
            }
            report("request to first byte (server)", server);
            report("DOM interactive", interactive);
            report("DOMContentLoaded done (PrimeFaces widgets ready: interactive)", contentLoaded);
            report("load event done", loaded);
            itemReads(http, console, api, session, basic, runs);
        } finally {
            driver.quit();
        }
    }

    private static void itemReads(HttpClient http, URI console, URI api, String session, String basic, int runs) {
        URI page = console.resolve("item.xhtml?name=" + ITEM);
        System.out.printf("== one item: GET %s (signed in) and its API calls, %d runs after 3 warm-up%n", page, runs);
        HttpRequest pageRequest = HttpRequest.newBuilder(page).header("Cookie", session)
                .timeout(Duration.ofMinutes(5)).GET().build();
        report("server time of the item page", times(runs, () -> {
            expect(send(http, pageRequest), ITEM);
            return null;
        }));
        for (String call : ITEM_CALLS) {
            HttpRequest request = HttpRequest.newBuilder(api.resolve(call)).header("Authorization", basic)
                    .header("Accept", "application/json").timeout(Duration.ofMinutes(5)).GET().build();
            report("GET /api/v1/" + call, times(runs, () -> {
                expect(send(http, request), "");
                return null;
            }));
        }
    }

    private static List<Double> times(int runs, Supplier<Void> action) {
        List<Double> all = timesWithWarmUp(runs, action);
        return all.subList(3, all.size());
    }

    private static List<Double> timesWithWarmUp(int runs, Supplier<Void> action) {
        List<Double> millis = new ArrayList<>();
        for (int i = 0; i < runs + 3; i++) {
            long start = System.nanoTime();
            action.get();
            millis.add((System.nanoTime() - start) / 1e6);
        }
        return millis;
    }

    private static void report(String what, List<Double> millis) {
        List<Double> sorted = new ArrayList<>(millis);
        Collections.sort(sorted);
        double median = sorted.get(sorted.size() / 2);
        double p95 = sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(sorted.size() * 0.95) - 1));
        System.out.printf("   %-62s median %8.1f ms   p95 %8.1f ms   (n=%d)%n", what, median, p95, sorted.size());
    }

    private static double number(Object value) {
        return ((Number) value).doubleValue();
    }

    private static HttpResponse<String> send(HttpClient http, HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(request.uri() + ": " + e, e);
        }
    }

    private static void expect(HttpResponse<String> response, String marker) {
        if (response.statusCode() != 200 || !response.body().contains(marker)) {
            throw new IllegalStateException(response.uri() + " answered " + response.statusCode() + ": "
                    + response.body().substring(0, Math.min(300, response.body().length())));
        }
    }

    private static SSLContext trusting(Path certificate) throws Exception {
        KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
        trust.load(null, null);
        trust.setCertificateEntry("lifeboat", read(certificate));
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, factory.getTrustManagers(), null);
        return context;
    }

    /** Chromium trusts exactly the server's key, as the console tests do. */
    private static String pin(Path certificate) throws Exception {
        byte[] spki = read(certificate).getPublicKey().getEncoded();
        return Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(spki));
    }

    private static Certificate read(Path certificate) throws Exception {
        try (InputStream in = Files.newInputStream(certificate)) {
            return CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
    }
}
