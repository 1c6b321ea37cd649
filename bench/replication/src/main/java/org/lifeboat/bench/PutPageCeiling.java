package org.lifeboat.bench;

import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import com.azure.storage.blob.BlobServiceClientBuilder;
import com.azure.storage.blob.models.PageRange;
import com.azure.storage.blob.specialized.PageBlobClient;

/**
 * The storage endpoint's own ceiling for the writes a log applier makes: Put Page calls of one size at random aligned
 * offsets of one 1 GiB page blob, with the same Azure SDK, for a fixed time at each number of calls in flight, measured
 * in the same run as the stack it is compared with (StackRpoBench, ScaleOutBench).
 */
final class PutPageCeiling {

    private static final long BLOB_BYTES = 1L << 30;

    private PutPageCeiling() {
    }

    /** Prints and returns MB/s for each number in flight, in order (repeat a number to show a warm-up). */
    static Map<Integer, Double> measure(String connectionString, int blockBytes, int seconds, int... inFlights)
            throws Exception {
        var container = new BlobServiceClientBuilder().connectionString(connectionString).buildClient()
                .getBlobContainerClient("seeds");
        PageBlobClient blob = container.getBlobClient("bench-putpage-" + System.nanoTime()).getPageBlobClient();
        blob.create(BLOB_BYTES);
        byte[] data = new byte[blockBytes];
        ThreadLocalRandom.current().nextBytes(data);
        Map<Integer, Double> rates = new LinkedHashMap<>();
        try {
            for (int inFlight : inFlights) {
                ExecutorService pool = Executors.newFixedThreadPool(inFlight);
                long end = System.nanoTime() + seconds * 1_000_000_000L;
                List<Future<Long>> writers = new ArrayList<>();
                long start = System.nanoTime();
                for (int w = 0; w < inFlight; w++) {
                    writers.add(pool.submit(() -> {
                        long calls = 0;
                        while (System.nanoTime() < end) {
                            long at = ThreadLocalRandom.current().nextLong(BLOB_BYTES / blockBytes) * blockBytes;
                            blob.uploadPages(new PageRange().setStart(at).setEnd(at + blockBytes - 1),
                                    new ByteArrayInputStream(data));
                            calls++;
                        }
                        return calls;
                    }));
                }
                long calls = 0;
                for (Future<Long> writer : writers) {
                    calls += writer.get();
                }
                double elapsed = (System.nanoTime() - start) / 1e9;
                pool.shutdown();
                double mbPerSecond = calls * (double) blockBytes / 1e6 / elapsed;
                rates.put(inFlight, mbPerSecond);
                System.out.printf("Azurite ceiling: %d KiB Put Page, %d in flight: %.0f calls/s (%.2f MB/s)%n",
                        blockBytes / 1024, inFlight, calls / elapsed, mbPerSecond);
            }
        } finally {
            blob.delete();
        }
        return rates;
    }
}
