package org.lifeboat.it;

import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Random;

/** A protected disk as a sparse raw image file, with the writes a workload makes to it. */
final class DiskImage {

    private final Path file;
    private final long size;

    private DiskImage(Path file, long size) {
        this.file = file;
        this.size = size;
    }

    static DiskImage sparse(Path file, long size) throws IOException {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.setLength(size);
        }
        return new DiskImage(file, size);
    }

    /** An image file that exists already. */
    static DiskImage existing(Path file) throws IOException {
        return new DiskImage(file, Files.size(file));
    }

    /** Overwrites {@code length} bytes at {@code offset} with zeros (to break a boot sector, say). */
    void zero(long offset, int length) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.write(ByteBuffer.allocate(length), offset);
            channel.force(true);
        }
    }

    Path file() {
        return file;
    }

    long size() {
        return size;
    }

    /** Random data in extents of 64 KiB to 4 MiB at random sector-aligned offsets, {@code total} bytes in all. */
    void scatter(long total, Random random) throws IOException {
        long written = 0;
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            while (written < total) {
                int length = (int) Math.min(total - written, (64 << 10) * (1 + random.nextInt(64)));
                long offset = (long) random.nextInt((int) ((size - length) / 512)) * 512;
                write(channel, offset, length, random);
                written += length;
            }
            channel.force(true);
        }
    }

    /**
     * Compressible data (words of text, as logs and documents are) over {@code mebibytes} distinct whole MiB of the
     * disk at random MiB-aligned offsets, so that exactly {@code mebibytes} MiB change; returns the bytes written.
     */
    long writeText(int mebibytes, Random random) throws IOException {
        String words = "replication recovery point failover seed disk journal segment agent process server vault ";
        java.util.Set<Long> chosen = new java.util.LinkedHashSet<>();
        while (chosen.size() < mebibytes) {
            chosen.add((long) random.nextInt((int) (size >> 20)));
        }
        byte[] data = new byte[1 << 20];
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            for (long mebibyte : chosen) {
                for (int i = 0; i < data.length; i++) {
                    data[i] = (byte) words.charAt((i * 7 + random.nextInt(3)) % words.length());
                }
                channel.write(ByteBuffer.wrap(data), mebibyte << 20);
            }
            channel.force(true);
        }
        return (long) mebibytes << 20;
    }

    /** {@code count} writes of 4 to 64 KiB (sector multiples) at random offsets. */
    void randomWrites(int count, Random random) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            for (int i = 0; i < count; i++) {
                int length = 512 * (8 + random.nextInt(121));
                long offset = (long) random.nextInt((int) ((size - length) / 512)) * 512;
                write(channel, offset, length, random);
            }
            channel.force(true);
        }
    }

    /** Random data over whole blocks of {@code blockSize}: each of them then differs from what it held. */
    void writeBlocks(java.util.Collection<Integer> blocks, int blockSize, Random random) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            for (int block : blocks) {
                write(channel, (long) block * blockSize, blockSize, random);
            }
            channel.force(true);
        }
    }

    private static void write(FileChannel channel, long offset, int length, Random random) throws IOException {
        byte[] data = new byte[length];
        random.nextBytes(data);
        channel.write(ByteBuffer.wrap(data), offset);
    }

    String sha256() throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return sha256(in);
        }
    }

    static String sha256(InputStream in) throws IOException {
        return sha256(in, Long.MAX_VALUE);
    }

    /** The SHA-256 of the first {@code bytes} of the stream (an image without the VHD footer after it). */
    static String sha256(InputStream in, long bytes) throws IOException {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[1 << 20];
            long left = bytes;
            for (int n; left > 0 && (n = in.read(buffer, 0, (int) Math.min(buffer.length, left))) >= 0; left -= n) {
                digest.update(buffer, 0, n);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
