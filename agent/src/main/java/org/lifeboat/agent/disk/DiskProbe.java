package org.lifeboat.agent.disk;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import org.lifeboat.protocol.ProtocolLimits;

/**
 * Checks that a path is a disk the agent can replicate and finds its size.
 */
public final class DiskProbe {

    /** The largest disk Azure takes as a managed disk. */
    public static final long MAX_SIZE_BYTES = 32L << 40;

    private DiskProbe() {
    }

    public static LocalDisk probe(Path path) throws DiskProblemException {
        if (!Files.exists(path)) {
            throw new DiskProblemException("Disk " + path + " does not exist.");
        }
        if (Files.isDirectory(path)) {
            throw new DiskProblemException("Disk " + path + " is a directory, not a block device or image file.");
        }
        long size;
        try (FileChannel disk = FileChannel.open(path, StandardOpenOption.READ)) {
            size = sizeOf(disk, Files.isRegularFile(path));
        } catch (AccessDeniedException e) {
            throw new DiskProblemException("Disk " + path + " is not readable by this user (permission denied).");
        } catch (NoSuchFileException e) {
            throw new DiskProblemException("Disk " + path + " does not exist.");
        } catch (IOException e) {
            throw new DiskProblemException("Disk " + path + " cannot be read: " + e.getMessage());
        }
        if (size == 0) {
            throw new DiskProblemException("Disk " + path + " is empty (0 bytes).");
        }
        if (size % ProtocolLimits.SECTOR != 0) {
            throw new DiskProblemException("Disk " + path + " is " + size + " bytes, not a multiple of "
                    + ProtocolLimits.SECTOR + "-byte sectors.");
        }
        if (size > MAX_SIZE_BYTES) {
            throw new DiskProblemException("Disk " + path + " is " + size
                    + " bytes, larger than 32 TiB, the largest disk Azure takes.");
        }
        return new LocalDisk(path, size);
    }

    /**
     * The size of an open disk. A block device reports size 0 on some JDKs, so its end is
     * found by reading: the sector after the end reads nothing.
     */
    public static long sizeOf(FileChannel disk, boolean regularFile) throws IOException {
        long size = disk.size();
        if (size > 0 || regularFile) {
            return size;
        }
        return endBySearch(disk);
    }

    private static long endBySearch(FileChannel disk) throws IOException {
        ByteBuffer one = ByteBuffer.allocate(1);
        long readable = 0;
        long beyond = MAX_SIZE_BYTES * 2;
        if (!readsAt(disk, 0, one)) {
            return 0;
        }
        // Invariant: the sector at readable can be read, the one at beyond cannot.
        while (beyond - readable > ProtocolLimits.SECTOR) {
            long middle = (readable + (beyond - readable) / 2) / ProtocolLimits.SECTOR * ProtocolLimits.SECTOR;
            if (readsAt(disk, middle, one)) {
                readable = middle;
            } else {
                beyond = middle;
            }
        }
        return beyond;
    }

    private static boolean readsAt(FileChannel disk, long position, ByteBuffer one) throws IOException {
        one.clear();
        return disk.read(one, position) > 0;
    }
}
