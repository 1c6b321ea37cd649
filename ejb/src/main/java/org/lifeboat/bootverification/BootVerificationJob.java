package org.lifeboat.bootverification;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.lifeboat.job.JobContext;
import org.lifeboat.job.JobFailedException;
import org.lifeboat.job.JobWork;

/**
 * Downloads a point's disks into a scratch folder of the job's own, boots them in QEMU, records the
 * outcome on the point and removes the scratch folder, whatever happened. The job fails when the point
 * does not boot, so that the job list shows it too.
 */
final class BootVerificationJob implements JobWork {

    private final String itemName;
    private final String pointId;
    private final List<BootDisk> disks;
    private final BootRequest request;
    private final Path workDir;
    private final PointImages images;
    private final BootVerificationRecords records;
    private final BootSlots slots;

    BootVerificationJob(String itemName, String pointId, List<BootDisk> disks, BootRequest request, Path workDir,
                        PointImages images, BootVerificationRecords records, BootSlots slots) {
        this.itemName = itemName;
        this.pointId = pointId;
        this.disks = List.copyOf(disks);
        this.request = request;
        this.workDir = workDir;
        this.images = images;
        this.records = records;
        this.slots = slots;
    }

    @Override
    public String run(JobContext job) throws Exception {
        Path scratch = workDir.resolve(job.id().toString());
        try {
            Files.createDirectories(scratch);
            List<Path> files = new ArrayList<>();
            long downloaded = 0;
            for (BootDisk disk : disks) {
                Path file = scratch.resolve(disk.diskId() + ".img");
                downloaded += images.download(disk.seedBlobName(), disk.sizeBytes(), disk.snapshot(), file);
                files.add(file);
                job.progress(50 * files.size() / disks.size());
            }
            BootResult result;
            try {
                result = new QemuBoot(List.of(BootVerificationSettings.qemu()), BootVerificationSettings.memoryMib(),
                        scratch).boot(files, request);
            } catch (IOException e) {
                throw new JobFailedException("QEMU could not run the point's disks: " + e.getMessage(), e);
            }
            if (!records.record(itemName, pointId, result)) {
                throw new JobFailedException("recovery point " + pointId + " of '" + itemName
                        + "' was deleted during its boot verification");
            }
            String summary = result.outcome() + " in " + result.duration().toMillis() / 100 / 10.0 + " s: "
                    + result.reason() + " (recovery point " + pointId + ", boot disk " + disks.get(0).path() + "; "
                    + mib(downloaded) + " of " + mib(disks.stream().mapToLong(BootDisk::sizeBytes).sum())
                    + " MiB downloaded, the rest is zeros)";
            if (result.outcome() != BootOutcome.BOOTED) {
                throw new JobFailedException(summary);
            }
            return summary;
        } finally {
            try {
                deleteTree(scratch);
            } finally {
                slots.give();
            }
        }
    }

    private static String mib(long bytes) {
        return String.format(Locale.ROOT, "%.1f", bytes / 1048576.0);
    }

    /** Deletes a file, or a folder with everything in it; nothing there is fine. */
    static void deleteTree(Path folder) throws IOException {
        if (!Files.exists(folder)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(folder)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
