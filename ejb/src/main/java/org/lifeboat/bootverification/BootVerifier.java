package org.lifeboat.bootverification;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import org.lifeboat.home.LifeboatHome;
import org.lifeboat.job.Job;
import org.lifeboat.job.JobRunner;
import org.lifeboat.protecteditem.ProtectedDisk;
import org.lifeboat.protecteditem.ProtectedItem;
import org.lifeboat.protecteditem.ReplicationEnabler;
import org.lifeboat.recoverypoint.RecoveryPoint;
import org.lifeboat.recoverypoint.RecoveryPointRepository;
import org.lifeboat.shared.ConflictException;
import org.lifeboat.shared.InvalidRequestException;

/**
 * Starts the boot verification of a recovery point (a "sure backup"): its disks, booted in an isolated
 * QEMU, must show a marker on the serial console. Everything that can be refused is refused here, before
 * a job exists: no QEMU, no such point or disk, no room for the disks, too many verifications running.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class BootVerifier {

    public static final String JOB_KIND = "VerifyBoot";
    private static final Logger LOG = Logger.getLogger(BootVerifier.class.getName());
    /** Room kept free beside the disks for QEMU's copy-on-write overlays. */
    private static final long OVERLAY_RESERVE_BYTES = 256L << 20;

    @EJB
    private ReplicationEnabler replication;

    @EJB
    private RecoveryPointRepository recoveryPoints;

    @EJB
    private JobRunner runner;

    @EJB
    private BootVerificationRecords records;

    @Inject
    private PointImages images;

    @Inject
    private BootSlots slots;

    @Inject
    private LifeboatHome home;

    /**
     * @throws org.lifeboat.shared.ItemNotFoundException if there is no such item or point
     * @throws InvalidRequestException                   if the boot disk named is not one of the point's
     * @throws ConflictException                         if QEMU is missing, the disks do not fit, or the
     *                                                   limit of verifications is running
     */
    public Job start(String itemName, String pointId, BootRequest request) {
        ProtectedItem item = replication.find(itemName);
        RecoveryPoint point = recoveryPoints.find(itemName, pointId);
        List<BootDisk> disks = bootOrder(item, point, request.bootDiskId());
        requireQemu();
        Path workDir = BootVerificationSettings.workDir(home.root());
        requireRoom(workDir, disks);
        if (!slots.tryTake(() -> deleteLeftovers(workDir))) {
            throw new ConflictException("a boot verification is already running (at most " + slots.limit()
                    + " at once, JVM option " + BootVerificationSettings.MAX_RUNNING + "); try again when it ends");
        }
        try {
            return runner.submit(JOB_KIND, itemName, new BootVerificationJob(itemName, pointId, disks, request, workDir,
                    images, records, slots));
        } catch (RuntimeException e) {
            slots.give();
            throw e;
        }
    }

    /** The boot disk first (the one named, else the first by path), then the others by path. */
    static List<BootDisk> bootOrder(ProtectedItem item, RecoveryPoint point, String bootDiskId) {
        List<BootDisk> disks = new ArrayList<>();
        for (ProtectedDisk disk : item.getDisks()) {
            String snapshot = point.getSnapshots().get(disk.getId());
            if (snapshot != null) {
                disks.add(new BootDisk(disk.getId(), disk.getPath(), disk.getSeedBlobName(), disk.getSizeBytes(),
                        snapshot));
            }
        }
        disks.sort(Comparator.comparing(BootDisk::path));
        if (bootDiskId != null) {
            BootDisk boot = disks.stream().filter(d -> d.diskId().equals(bootDiskId)).findFirst()
                    .orElseThrow(() -> new InvalidRequestException("bootDiskId", "recovery point " + point.getId()
                            + " has no disk " + bootDiskId));
            disks.remove(boot);
            disks.add(0, boot);
        }
        if (disks.isEmpty()) {
            throw new ConflictException("recovery point " + point.getId() + " holds no disk of '" + item.getName()
                    + "' any more");
        }
        return disks;
    }

    private static void deleteLeftovers(Path workDir) {
        try (Stream<Path> leftovers = Files.list(workDir)) {
            for (Path leftover : leftovers.toList()) {
                BootVerificationJob.deleteTree(leftover);
            }
        } catch (IOException e) {
            LOG.log(Level.WARNING, "Cannot clear " + workDir + " of what earlier boot verifications left", e);
        }
    }

    static void requireQemu() {
        String qemu = BootVerificationSettings.qemu();
        boolean found = qemu.contains(File.separator) ? Files.isExecutable(Path.of(qemu))
                : List.of(System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(File.pathSeparator)).stream()
                        .anyMatch(dir -> !dir.isEmpty() && Files.isExecutable(Path.of(dir, qemu)));
        if (!found) {
            throw new ConflictException("QEMU is not installed on the Lifeboat server: " + qemu + " was not found "
                    + "(apt-get install qemu-system-x86, or set the JVM option " + BootVerificationSettings.QEMU + ")");
        }
    }

    static void requireRoom(Path workDir, List<BootDisk> disks) {
        long needed = disks.stream().mapToLong(BootDisk::sizeBytes).sum() + OVERLAY_RESERVE_BYTES;
        long free;
        try {
            Files.createDirectories(workDir);
            free = Files.getFileStore(workDir).getUsableSpace();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot use " + workDir + " for boot verification", e);
        }
        if (needed > free) {
            throw new ConflictException("the point's disks need " + (needed >> 20) + " MiB in " + workDir
                    + " (their full size, and room for the guest's writes), only " + (free >> 20) + " MiB are free; "
                    + "free space there or set the JVM option " + BootVerificationSettings.WORK_DIR);
        }
    }
}
