package org.lifeboat.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import com.azure.storage.blob.models.ListBlobsOptions;
import org.lifeboat.policy.PolicySettings;
import org.lifeboat.protocol.Consistency;
import org.lifeboat.vault.ItemManifest;
import org.lifeboat.vault.VaultCatalogStore;
import org.lifeboat.vault.VaultRecoveryKey;

/**
 * The vault catalog at the size of the benchmark (ITEMS items of POINTS points, two disks each), written
 * with the product's own writer, then read back three times two ways: the baseline (list the manifest
 * blobs and download their bytes, nothing else) and the product's read (the same plus opening and
 * parsing each manifest, what recovery does before it writes its database).
 *
 * <p>Usage: {@code VaultBench CONNECTION_STRING KEY_FILE ITEMS POINTS}
 */
public final class VaultBench {

    private VaultBench() {
    }

    public static void main(String[] args) throws Exception {
        BlobContainerClient container = new BlobServiceClientBuilder().connectionString(args[0]).buildClient()
                .getBlobContainerClient(VaultCatalogStore.CONTAINER);
        VaultCatalogStore store = new VaultCatalogStore(container,
                VaultRecoveryKey.parse(Files.readString(Path.of(args[1]))));
        int items = Integer.parseInt(args[2]);
        int points = Integer.parseInt(args[3]);

        long begin = System.nanoTime();
        store.create();
        long bytes = 0;
        for (int i = 0; i < items; i++) {
            ItemManifest manifest = manifest(String.format("bench-%03d", i), points);
            bytes += manifest.toJson().length();
            store.write(manifest);
        }
        System.out.printf("populate: %d items x %d points written with VaultCatalogStore in %.2f s "
                + "(manifest JSON %d bytes each on average)%n", items, points, seconds(begin), bytes / items);

        double[] baseline = new double[3];
        double[] catalog = new double[3];
        for (int round = 0; round < 3; round++) {
            begin = System.nanoTime();
            long downloaded = 0;
            for (var blob : container.listBlobs(new ListBlobsOptions().setPrefix("items/"), null)) {
                downloaded += container.getBlobClient(blob.getName()).downloadContent().toBytes().length;
            }
            baseline[round] = seconds(begin);
            begin = System.nanoTime();
            int read = 0;
            int pointsRead = 0;
            for (String name : store.itemNames()) {
                pointsRead += store.read(name).points().size();
                read++;
            }
            catalog[round] = seconds(begin);
            if (read != items || pointsRead != items * points) {
                throw new IllegalStateException("read " + read + " items, " + pointsRead + " points");
            }
            System.out.printf("round %d: baseline list+download %.3f s (%d bytes sealed); catalog read (open+parse) "
                    + "%.3f s%n", round + 1, baseline[round], downloaded, catalog[round]);
        }
        System.out.printf("median: baseline %.3f s, catalog read %.3f s%n", median(baseline), median(catalog));
    }

    private static ItemManifest manifest(String name, int points) {
        List<ItemManifest.Disk> disks = List.of(
                new ItemManifest.Disk(UUID.randomUUID().toString(), "/dev/sda", 64L << 30, "a.vhd"),
                new ItemManifest.Disk(UUID.randomUUID().toString(), "/dev/sdb", 256L << 30, "b.vhd"));
        List<ItemManifest.Point> list = new ArrayList<>();
        Instant t = Instant.parse("2026-12-01T00:00:00Z");
        for (int p = 0; p < points; p++) {
            Instant at = t.plusSeconds(300L * p);
            Map<String, String> snapshots = new LinkedHashMap<>();
            disks.forEach(d -> snapshots.put(d.id(), at.plusMillis(1234).toString()));
            list.add(new ItemManifest.Point(UUID.randomUUID().toString(), UUID.randomUUID().toString(),
                    p % 12 == 0 ? Consistency.APP_CONSISTENT : Consistency.CRASH_CONSISTENT, at, at.plusSeconds(3),
                    snapshots));
        }
        return new ItemManifest(name, t, "default", PolicySettings.DEFAULTS, disks, list, null);
    }

    private static double seconds(long begin) {
        return (System.nanoTime() - begin) / 1e9;
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
