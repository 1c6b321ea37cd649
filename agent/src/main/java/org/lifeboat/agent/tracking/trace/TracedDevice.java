package org.lifeboat.agent.tracking.trace;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The block device whose completions carry a protected disk's writes. The kernel reports a
 * request's completion against the whole disk with the disk's own sector numbers, so a
 * protected partition is traced on its disk, from its first sector on.
 *
 * @param devT        the disk's dev_t as the kernel's trace filter compares it (major &lt;&lt; 20 | minor)
 * @param startSector the protected device's first sector on that disk (0 unless it is a partition)
 */
public record TracedDevice(long devT, long startSector) {

    private static final int S_IFMT = 0170000;
    private static final int S_IFBLK = 0060000;

    /**
     * @param sysfs {@code /sys} (a test may point elsewhere)
     * @throws TraceUnavailableException if the path is not a block device or sysfs does not know it
     */
    public static TracedDevice of(Path device, Path sysfs) throws TraceUnavailableException {
        long rdev;
        try {
            if (((Integer) Files.getAttribute(device, "unix:mode") & S_IFMT) != S_IFBLK) {
                throw new TraceUnavailableException(device + " is not a block device");
            }
            rdev = (Long) Files.getAttribute(device, "unix:rdev");
        } catch (IOException | UnsupportedOperationException e) {
            throw new TraceUnavailableException("cannot stat " + device + ": " + e.getMessage(), e);
        }
        // glibc's encoding of dev_t
        long major = ((rdev >>> 8) & 0xfff) | ((rdev >>> 32) & ~0xfffL);
        long minor = (rdev & 0xff) | ((rdev >>> 12) & ~0xffL);
        return of(device, major, minor, sysfs);
    }

    /** The device {@code major:minor} as sysfs describes it: a whole disk, or a partition of one. */
    static TracedDevice of(Path device, long major, long minor, Path sysfs) throws TraceUnavailableException {
        Path node = sysfs.resolve("dev/block/" + major + ":" + minor);
        try {
            if (!Files.exists(node.resolve("dev"))) {
                throw new IOException("no " + node);
            }
            if (!Files.exists(node.resolve("partition"))) {
                return new TracedDevice(major << 20 | minor, 0);
            }
            long start = Long.parseLong(Files.readString(node.resolve("start")).trim());
            String[] disk = Files.readString(node.toRealPath().getParent().resolve("dev")).trim().split(":");
            return new TracedDevice(Long.parseLong(disk[0]) << 20 | Long.parseLong(disk[1]), start);
        } catch (IOException | RuntimeException e) {
            throw new TraceUnavailableException("cannot find " + device + " (" + major + ":" + minor + ") in "
                    + sysfs + ": " + e.getMessage(), e);
        }
    }
}
