package org.lifeboat.it;

import com.azure.core.http.netty.NettyAsyncHttpClientBuilder;
import com.azure.storage.blob.BlobClient;
import com.azure.storage.blob.BlobServiceClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import com.azure.storage.blob.models.BlobListDetails;
import com.azure.storage.blob.models.ListBlobsOptions;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;

/** The stack's Azure Storage (Azurite) straight through the Azure SDK, behind Lifeboat's back. */
final class AzuriteStorage {

    private AzuriteStorage() {
    }

    static BlobServiceClient client() {
        String connection = LifeboatStack.read(LifeboatStack.HOME.resolve("secrets/storage-connection-string")).trim();
        return new BlobServiceClientBuilder().connectionString(connection).httpClient(trustingAzurite()).buildClient();
    }

    /**
     * Stops the stack's Azurite process where it stands (SIGSTOP): requests to it hang, as to a storage
     * account the process server cannot reach, until {@link #resumeProcess()}.
     */
    static void pauseProcess() throws java.io.IOException, InterruptedException {
        signal("STOP");
    }

    /** Lets a paused Azurite run again (SIGCONT); harmless if it was not paused. */
    static void resumeProcess() throws java.io.IOException, InterruptedException {
        signal("CONT");
    }

    private static void signal(String name) throws java.io.IOException, InterruptedException {
        String pid = LifeboatStack.read(LifeboatStack.HOME.resolve("run/azurite.pid")).trim();
        Process kill = new ProcessBuilder("kill", "-" + name, pid).inheritIO().start();
        if (!kill.waitFor(10, java.util.concurrent.TimeUnit.SECONDS) || kill.exitValue() != 0) {
            throw new IllegalStateException("kill -" + name + " " + pid + " (Azurite) failed");
        }
    }

    /** A protected disk's seed page blob (SeedBlobStore names it after the disk). */
    static BlobClient seedBlob(String diskId) {
        return client().getBlobContainerClient("seeds").getBlobClient(diskId + ".vhd");
    }

    /** How many snapshots the disk's seed blob has: one per recovery point it is part of, no more. */
    static long seedSnapshots(String diskId) {
        return client().getBlobContainerClient("seeds").listBlobs(new ListBlobsOptions().setPrefix(diskId + ".vhd")
                .setDetails(new BlobListDetails().setRetrieveSnapshots(true)), null).stream()
                .filter(blob -> blob.getSnapshot() != null).count();
    }

    /**
     * The account's containers, and every blob (with its snapshots and ETag) of the named ones: equal
     * listings before and after prove nothing was written there in between.
     */
    /** The SHA-256 of a failover disk's image: the blob without its 512-byte VHD footer. */
    static String failoverDiskSha(String blobName) throws java.io.IOException {
        com.azure.storage.blob.BlobClient blob = client().getBlobContainerClient("failover").getBlobClient(blobName);
        long image = blob.getProperties().getBlobSize() - 512;
        try (java.io.InputStream in = blob.openInputStream()) {
            return DiskImage.sha256(in, image);
        }
    }

    /** A raw disk image that is a byte copy of a failover disk (the blob without its VHD footer): a failed-over VM. */
    static DiskImage failoverDiskCopy(String blobName, java.nio.file.Path file, long diskSize) throws java.io.IOException {
        client().getBlobContainerClient("failover").getBlobClient(blobName).downloadToFile(file.toString(), true);
        try (java.io.RandomAccessFile raf = new java.io.RandomAccessFile(file.toFile(), "rw")) {
            raf.setLength(diskSize);
        }
        return DiskImage.existing(file);
    }

    static java.util.List<String> inventory(String... containers) {
        BlobServiceClient client = client();
        java.util.List<String> lines = new java.util.ArrayList<>();
        client.listBlobContainers().forEach(container -> lines.add("container " + container.getName()));
        for (String container : containers) {
            client.getBlobContainerClient(container).listBlobs(new ListBlobsOptions()
                    .setDetails(new BlobListDetails().setRetrieveSnapshots(true)), null)
                    .forEach(blob -> lines.add(container + "/" + blob.getName() + " snapshot=" + blob.getSnapshot()
                            + " etag=" + blob.getProperties().getETag()));
        }
        return lines;
    }

    /** Azurite serves TLS with the server's own certificate, which the JVM's trust store does not hold. */
    private static com.azure.core.http.HttpClient trustingAzurite() {
        try {
            SslContext tls = SslContextBuilder.forClient()
                    .trustManager(LifeboatStack.serverCertificate().toFile()).build();
            return new NettyAsyncHttpClientBuilder(reactor.netty.http.client.HttpClient.create()
                    .secure(spec -> spec.sslContext(tls))).build();
        } catch (javax.net.ssl.SSLException e) {
            throw new IllegalStateException(e);
        }
    }
}
