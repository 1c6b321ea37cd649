package org.lifeboat.files;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Writes state and keys so that a crash (even kill -9 or a power cut) leaves either the old or the new
 * content, never a torn or empty file, and so that only the owning user can read it. The agent keeps its
 * state this way, the server its key files ({@code secrets/vault-key}, the registration passphrase).
 */
public final class SecureFiles {

    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    private static final Set<PosixFilePermission> OWNER_FILE = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> OWNER_DIRECTORY = PosixFilePermissions.fromString("rwx------");

    private SecureFiles() {
    }

    /** Writes to a temporary file beside {@code file}, syncs it, renames it over {@code file}, syncs the directory. */
    public static void writeAtomically(Path file, byte[] content) throws IOException {
        writeAtomically(file, ByteBuffer.wrap(content));
    }

    public static void writeAtomically(Path file, ByteBuffer content) throws IOException {
        Path directory = file.toAbsolutePath().getParent();
        Path temporary = Files.createTempFile(directory, "." + file.getFileName() + ".", ".tmp", ownerOnlyFile());
        try {
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
                while (content.hasRemaining()) {
                    channel.write(content);
                }
                channel.force(true);
            }
            move(temporary, file);
        } finally {
            Files.deleteIfExists(temporary);
        }
        syncDirectory(directory);
    }

    public static void createPrivateDirectories(Path directory) throws IOException {
        Files.createDirectories(directory, ownerOnlyDirectory());
        restrictDirectory(directory);
    }

    /** A new directory beside {@code target}, for building state that is renamed into place when complete. */
    public static Path createPrivateTemporaryDirectory(Path target) throws IOException {
        Path parent = target.toAbsolutePath().getParent();
        return Files.createTempDirectory(parent, "." + target.getFileName() + ".", ownerOnlyDirectory());
    }

    /** Makes a file that already exists (a socket, a lock file) readable by its owner only. */
    public static void restrictFile(Path file) throws IOException {
        if (POSIX) {
            Files.setPosixFilePermissions(file, OWNER_FILE);
        }
    }

    public static void restrictDirectory(Path directory) throws IOException {
        if (POSIX) {
            Files.setPosixFilePermissions(directory, OWNER_DIRECTORY);
        }
    }

    public static void syncDirectory(Path directory) throws IOException {
        if (POSIX) {
            try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
                channel.force(true);
            }
        }
    }

    /** Renames atomically where the file system can, replacing {@code target}. */
    public static void move(Path source, Path target) throws IOException {
        try {
            Files.move(source, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(source, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static FileAttribute<?>[] ownerOnlyFile() {
        return POSIX ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_FILE)} : new FileAttribute<?>[0];
    }

    private static FileAttribute<?>[] ownerOnlyDirectory() {
        return POSIX ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_DIRECTORY)}
                : new FileAttribute<?>[0];
    }
}
