package org.lifeboat.storage;

import java.net.URL;
import java.util.concurrent.atomic.AtomicLong;
import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.HttpPipelineCallContext;
import com.azure.core.http.HttpPipelineNextPolicy;
import com.azure.core.http.HttpPipelinePosition;
import com.azure.core.http.HttpRequest;
import com.azure.core.http.HttpResponse;
import com.azure.core.http.policy.HttpPipelinePolicy;
import reactor.core.publisher.Mono;

/**
 * Counts the request body bytes this server sends to its storage account, by container: the WAN bytes of a
 * process server on premises, since everything it sends to Azure goes through these clients. Per try (a retried
 * Put Page crossed the WAN twice), from each request's {@code Content-Length}: the SDK sets it on every upload, and
 * a body without one (none here) would not be counted. Headers and TLS framing are not counted: they are a few
 * hundred bytes per call against up to 4 MiB of body.
 */
public final class WanBytes implements HttpPipelinePolicy {

    /** What the bytes were for. */
    public enum Purpose {
        /** Log segments (compressed, encrypted) to the {@code cache} container. */
        CACHE,
        /** Put Page into seed page blobs, in the {@code seeds} container. */
        SEEDS,
        /** Anything else: the vault catalog, failover disks, container creation. */
        OTHER
    }

    private final AtomicLong cache = new AtomicLong();
    private final AtomicLong seeds = new AtomicLong();
    private final AtomicLong other = new AtomicLong();

    @Override
    public Mono<HttpResponse> process(HttpPipelineCallContext context, HttpPipelineNextPolicy next) {
        count(context.getHttpRequest());
        return next.process();
    }

    @Override
    public HttpPipelinePosition getPipelinePosition() {
        return HttpPipelinePosition.PER_RETRY; // every try crosses the WAN
    }

    void count(HttpRequest request) {
        String length = request.getHeaders().getValue(HttpHeaderName.CONTENT_LENGTH);
        if (length == null || length.isBlank()) {
            return;
        }
        long bytes;
        try {
            bytes = Long.parseLong(length.strip());
        } catch (NumberFormatException e) {
            return;
        }
        if (bytes > 0) {
            counter(purposeOf(request.getUrl())).addAndGet(bytes);
        }
    }

    /**
     * The container is the first segment of the path ({@code https://account.blob.core.windows.net/cache/...}), or
     * the second in the path-style addresses of Azurite and of custom endpoints ({@code /devstoreaccount1/cache/...}).
     */
    static Purpose purposeOf(URL url) {
        String[] segments = url.getPath().split("/", 4);
        for (int i = 1; i < Math.min(3, segments.length); i++) {
            if (StorageAccount.CACHE_CONTAINER.equals(segments[i])) {
                return Purpose.CACHE;
            }
            if (StorageAccount.SEED_CONTAINER.equals(segments[i])) {
                return Purpose.SEEDS;
            }
        }
        return Purpose.OTHER;
    }

    private AtomicLong counter(Purpose purpose) {
        return switch (purpose) {
            case CACHE -> cache;
            case SEEDS -> seeds;
            case OTHER -> other;
        };
    }

    /** Bytes sent for that purpose since this server started. */
    public long sent(Purpose purpose) {
        return counter(purpose).get();
    }

    /** All bytes sent to the storage account since this server started. */
    public long total() {
        return cache.get() + seeds.get() + other.get();
    }
}
