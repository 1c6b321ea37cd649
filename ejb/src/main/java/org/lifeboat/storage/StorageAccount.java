package org.lifeboat.storage;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import com.azure.core.util.Context;
import com.azure.storage.blob.BlobServiceClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import com.azure.storage.blob.models.BlobStorageException;
import com.azure.storage.common.policy.RequestRetryOptions;
import com.azure.storage.common.policy.RetryPolicyType;
import org.lifeboat.home.LifeboatHome;

/**
 * The Azure Storage account the vault writes to: Azurite by default, any real account when the
 * operator supplies a connection string. The connection string is a secret: it is read from
 * {@code secrets/storage-connection-string} and never logged.
 */
@ApplicationScoped
public class StorageAccount {

    static final String CONNECTION_STRING_FILE = "storage-connection-string";

    /** Log segments on their way from the process server to the seed disks. */
    public static final String CACHE_CONTAINER = "cache";
    /** One page blob per protected disk, and their snapshots (recovery points). */
    public static final String SEED_CONTAINER = "seeds";
    public static final List<String> CONTAINERS = List.of(CACHE_CONTAINER, SEED_CONTAINER);

    private static final Duration CHECK_TIMEOUT = Duration.ofSeconds(10);

    @Inject
    private LifeboatHome home;

    private final WanBytes wanBytes = new WanBytes();
    private BlobServiceClient client;
    private String accountName;

    @PostConstruct
    void connect() {
        try {
            String connectionString = Files.readString(home.secret(CONNECTION_STRING_FILE), StandardCharsets.UTF_8).strip();
            client = new BlobServiceClientBuilder()
                    .connectionString(connectionString)
                    .addPolicy(wanBytes)
                    .retryOptions(new RequestRetryOptions(RetryPolicyType.EXPONENTIAL, 3, Duration.ofSeconds(30),
                            Duration.ofMillis(500), Duration.ofSeconds(5), null))
                    .buildClient();
            accountName = client.getAccountName();
        } catch (IOException | RuntimeException e) {
            // reported by the health check; never include the connection string itself
            client = null;
            accountName = "not configured (" + e.getClass().getSimpleName() + ")";
        }
    }

    /**
     * Creates this bean while the application deploys, on the deploying thread, so the Azure SDK's HTTP client
     * classes load there. Created first by a background thread (a heartbeat, a stage round), their loading can meet
     * Payara closing cached jar files at the end of a deployment (payara/Payara#5001): seen once on Payara Micro at
     * load 40 as "zip file closed" in reactor-netty's static initializer, after which the class stays unusable until
     * the JVM restarts and the process server never became healthy.
     */
    void createAtDeployment(@Observes @Initialized(ApplicationScoped.class) Object deployed) {
        // delivering the event created the bean and ran connect(); nothing more to do
    }

    public String accountName() {
        return accountName;
    }

    /**
     * Proves the account answers and the vault's containers exist, creating any that are missing.
     *
     * @throws StorageUnavailableException naming what failed
     */
    public void ensureContainers() {
        if (client == null) {
            throw new StorageUnavailableException("no storage account configured: " + accountName);
        }
        for (String container : CONTAINERS) {
            try {
                client.getBlobContainerClient(container)
                        .createIfNotExistsWithResponse(null, CHECK_TIMEOUT, Context.NONE);
            } catch (RuntimeException e) {
                throw new StorageUnavailableException("container '" + container + "' in account '" + accountName
                        + "' cannot be created: " + firstLine(e.getMessage()), e);
            }
        }
    }

    public BlobServiceClient client() {
        return client;
    }

    /** What this server has sent to the account through {@link #client()} (and the clients made from it). */
    public WanBytes wanBytes() {
        return wanBytes;
    }

    /**
     * What kind of failure this is, in words that name no account, endpoint or key: for answers that
     * anyone may read.
     */
    public static String kindOf(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof BlobStorageException refused) {
                return "refused with HTTP " + refused.getStatusCode()
                        + (refused.getErrorCode() == null ? "" : " (" + refused.getErrorCode() + ")");
            }
            if (cause instanceof java.net.ConnectException) {
                return "connection refused";
            }
            if (cause instanceof java.net.UnknownHostException) {
                return "unknown host";
            }
            if (cause instanceof java.util.concurrent.TimeoutException || cause instanceof java.net.SocketTimeoutException) {
                return "no answer in time";
            }
            if (cause instanceof javax.net.ssl.SSLException) {
                return "TLS failed";
            }
        }
        return failure.getCause() == null ? "not configured or unreachable"
                : "unreachable (" + failure.getCause().getClass().getSimpleName() + ")";
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "no reason given";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
