package org.lifeboat.processserver.micro;

import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.management.JMException;
import javax.management.ObjectName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.EJB;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObjectBuilder;
import org.lifeboat.connector.ReplicationPortMXBean;
import org.lifeboat.connector.ReplicationSettings;
import org.lifeboat.fabric.ServerIdentity;
import org.lifeboat.monitoring.MachineLoad;
import org.lifeboat.monitoring.ProcessServerMeasurement;
import org.lifeboat.monitoring.ProcessServerStatus;
import org.lifeboat.processserver.ProcessServerMonitor;
import org.lifeboat.processserver.ProcessServerName;
import org.lifeboat.shared.Settings;

/**
 * Sends this process server's health to the configuration server it registered with, every
 * {@code lifeboat.process-server.heartbeat-interval} (30 s by default): the figures the built-in process server
 * computes for itself ({@link ProcessServerMeasurement}), its rates since the previous beat, and the machine's CPU
 * and memory. Authenticated with the id and credential registration left in the home, over TLS pinned to the
 * certificate registration saw. A managed scheduled executor, not an EJB timer: Micro runs without its data grid,
 * where persistent timers fail the deployment and none fails over anyway.
 */
@Singleton
@Startup
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
public class ConfigServerHeartbeat {

    private static final Logger LOG = Logger.getLogger(ConfigServerHeartbeat.class.getName());
    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    @Resource
    private ManagedScheduledExecutorService scheduler;

    @EJB
    private ProcessServerMonitor counters;

    @Inject
    private ServerIdentity server;

    private HttpClient client;
    private URI heartbeatUri;
    private String bearer;
    private ScheduledFuture<?> beating;

    private Instant lastAt;
    private long lastIngested;
    private long lastUploaded;
    private volatile boolean lastFailed = true;

    @PostConstruct
    void start() {
        Optional<String> configServer = Settings.text("lifeboat.config-server");
        if (configServer.isEmpty()) {
            LOG.info("Not registered with a configuration server (no --config-server): no heartbeat is sent");
            return;
        }
        Path home = Path.of(Settings.text("lifeboat.home", "."));
        try {
            String id = firstLine(home.resolve("secrets/process-server-id"));
            String credential = firstLine(home.resolve("secrets/process-server-credential"));
            bearer = "Bearer " + id + "." + credential;
            client = HttpClient.newBuilder().sslContext(pinned(home.resolve("tls/config-server.pem")))
                    .connectTimeout(TIMEOUT).followRedirects(HttpClient.Redirect.NEVER).build();
        } catch (IOException | GeneralSecurityException e) {
            LOG.severe("Cannot read what registration left in " + home + " (" + e.getMessage()
                    + "): no heartbeat is sent; start the process server again with --config-server and --passphrase-file");
            return;
        }
        String base = configServer.get().endsWith("/") ? configServer.get() : configServer.get() + "/";
        heartbeatUri = URI.create(base + "processServers/" + ProcessServerName.current() + "/heartbeat");
        Duration interval = Settings.duration("lifeboat.process-server.heartbeat-interval", Duration.ofSeconds(30));
        long millis = Math.max(1000, interval.toMillis());
        beating = scheduler.scheduleAtFixedRate(this::beatQuietly, 0, millis, TimeUnit.MILLISECONDS);
        LOG.info("Heartbeat to " + heartbeatUri + " every " + millis / 1000 + " s");
    }

    @PreDestroy
    void stop() {
        if (beating != null) {
            beating.cancel(false);
        }
    }

    private void beatQuietly() {
        try {
            beat();
        } catch (IOException | RuntimeException e) {
            logFailure("the heartbeat to " + heartbeatUri + " failed: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private synchronized void beat() throws IOException, InterruptedException {
        Instant now = Instant.now();
        long ingested = portAttribute("BytesReceived", 0L);
        long uploaded = counters.getUploadedSourceBytes() + counters.getDirectlyAppliedBytes();
        double seconds = lastAt == null ? 0 : Math.max(0.001, Duration.between(lastAt, now).toMillis() / 1000.0);
        long ingestRate = seconds == 0 ? 0 : Math.max(0, Math.round((ingested - lastIngested) / seconds));
        long uploadRate = seconds == 0 ? 0 : Math.max(0, Math.round((uploaded - lastUploaded) / seconds));
        lastAt = now;
        lastIngested = ingested;
        lastUploaded = uploaded;

        ReplicationSettings settings = ReplicationSettings.fromConfig();
        ProcessServerStatus status = ProcessServerMeasurement.measure(ProcessServerName.current(),
                settings.cacheDirectory(), settings.cacheCapacityBytes(), server.replicationAddress(), now, ingestRate,
                uploadRate, portAttribute("OpenConnections", 0));
        MachineLoad load = MachineLoad.now();
        JsonObjectBuilder body = Json.createObjectBuilder()
                .add("cacheCapacityBytes", status.cacheCapacityBytes())
                .add("cacheUsedBytes", status.cacheUsedBytes())
                .add("cacheFreePercent", status.cacheFreePercent())
                .add("uploadBacklogBytes", status.uploadBacklogBytes())
                .add("ingestBytesPerSecond", status.ingestBytesPerSecond())
                .add("uploadBytesPerSecond", status.uploadBytesPerSecond())
                .add("connectedAgents", status.connectedAgents())
                .add("wanCacheBytes", counters.getWanCacheBytes())
                .add("wanSeedBytes", counters.getWanSeedBytes());
        if (status.projectedDrainSeconds() != null) {
            body.add("projectedDrainSeconds", status.projectedDrainSeconds());
        }
        if (load.cpuPercent() != null) {
            body.add("cpuPercent", load.cpuPercent());
        }
        if (load.memoryPercent() != null) {
            body.add("memoryPercent", load.memoryPercent());
        }
        if (!status.reasons().isEmpty()) {
            body.add("problem", status.reasons().get(0).message());
        }
        HttpRequest request = HttpRequest.newBuilder(heartbeatUri).timeout(TIMEOUT)
                .header("Authorization", bearer).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.build().toString())).build();
        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 204) {
            String answer = response.body() == null ? "" : response.body();
            logFailure("the configuration server refused the heartbeat: HTTP " + response.statusCode() + " "
                    + answer.substring(0, Math.min(300, answer.length())));
        } else if (lastFailed) {
            lastFailed = false;
            LOG.info("Heartbeat accepted by the configuration server (" + heartbeatUri + ")");
        }
    }

    /** Once per change from working to failing, so a configuration server that is down does not flood the log. */
    private void logFailure(String message) {
        if (!lastFailed) {
            LOG.warning(message);
        } else {
            LOG.log(Level.FINE, message);
        }
        lastFailed = true;
    }

    @SuppressWarnings("unchecked")
    private static <T> T portAttribute(String name, T fallback) {
        try {
            return (T) ManagementFactory.getPlatformMBeanServer()
                    .getAttribute(new ObjectName(ReplicationPortMXBean.OBJECT_NAME), name);
        } catch (JMException | RuntimeException e) {
            return fallback;
        }
    }

    /** TLS that trusts the one certificate registration pinned, and nothing else. */
    private static SSLContext pinned(Path pem) throws IOException, GeneralSecurityException {
        KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
        trust.load(null, null);
        try (InputStream in = Files.newInputStream(pem)) {
            trust.setCertificateEntry("config-server", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, factory.getTrustManagers(), null);
        return context;
    }

    private static String firstLine(Path file) throws IOException {
        String text = Files.readString(file, StandardCharsets.US_ASCII).strip();
        if (text.isEmpty()) {
            throw new IOException(file + " is empty");
        }
        return text;
    }
}
