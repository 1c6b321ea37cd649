package org.lifeboat.it;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The multi-machine workload of the replication-group tests: writes sequence number n into each disk in turn
 * (the first disk, then the second, ...), one 4 KiB block at {@link #OFFSET}, then n + 1, and so on, until closed.
 * A machine's pre-freeze command ({@link #preFreeze}) holds its writes as fsfreeze would: it asks, and returns once
 * the workload acknowledged that it writes that disk no more until the post-thaw command ({@link #postThaw}).
 */
final class SequenceWorkload implements AutoCloseable {

    static final long OFFSET = 1L << 20;
    private static final int BLOCK = 4096;

    private final List<Path> disks;
    private final Path flags;
    private final AtomicLong written = new AtomicLong();
    private final Thread thread;
    private volatile boolean stop;
    private volatile Exception failure;

    private SequenceWorkload(List<Path> disks, Path flags) {
        this.disks = List.copyOf(disks);
        this.flags = flags;
        this.thread = new Thread(this::run, "sequence-workload");
        thread.setDaemon(true);
    }

    /** Starts writing; returns once n = 1 is in every disk. */
    static SequenceWorkload start(List<Path> disks, Path flags) throws InterruptedException {
        SequenceWorkload workload = new SequenceWorkload(disks, flags);
        workload.thread.start();
        while (workload.written.get() < 1 && workload.thread.isAlive()) {
            Thread.sleep(10);
        }
        return workload;
    }

    /** The agent options that hold a machine's writes around its bookmarks: {@code --pre-freeze .. --post-thaw ..}. */
    static List<String> freezeOptions(Path flags, String machine) {
        Path frozen = flags.resolve(machine + ".frozen");
        Path ack = flags.resolve(machine + ".ack");
        return List.of("--pre-freeze", "touch " + frozen + " && i=0; while [ ! -f " + ack + " ] && [ $i -lt 2000 ]; do "
                + "sleep 0.005; i=$((i+1)); done; [ -f " + ack + " ]", "--post-thaw", "rm -f " + frozen + " " + ack);
    }

    /** The sequence number in a disk image's bytes at {@link #OFFSET}. */
    static long sequence(byte[] block) {
        return ByteBuffer.wrap(block, 0, Long.BYTES).getLong();
    }

    /** Whether the numbers read from the disks, in writing order, are a state the workload passed through. */
    static boolean consistent(List<Long> values) {
        for (int i = 1; i < values.size(); i++) {
            if (values.get(i) > values.get(i - 1)) {
                return false;
            }
        }
        return values.get(values.size() - 1) >= values.get(0) - 1;
    }

    long written() {
        return written.get();
    }

    private void run() {
        List<FileChannel> channels = new ArrayList<>();
        try {
            for (Path disk : disks) {
                channels.add(FileChannel.open(disk, StandardOpenOption.WRITE));
            }
            ByteBuffer block = ByteBuffer.allocate(BLOCK);
            for (long n = 1; !stop; n++) {
                for (int i = 0; i < disks.size() && !stop; i++) {
                    awaitThawed(disks.get(i));
                    block.clear();
                    block.putLong(0, n);
                    channels.get(i).write(block, OFFSET);
                }
                written.set(n);
                Thread.sleep(1);
            }
        } catch (IOException | InterruptedException e) {
            failure = e;
        } finally {
            for (FileChannel channel : channels) {
                try {
                    channel.close();
                } catch (IOException ignored) {
                    // closing
                }
            }
        }
    }

    /** Acknowledges every freeze asked (it writes nothing meanwhile), and waits while this disk is frozen. */
    private void awaitThawed(Path disk) throws IOException, InterruptedException {
        String machine = machine(disk);
        while (true) {
            for (Path other : disks) {
                Path frozen = flags.resolve(machine(other) + ".frozen");
                Path ack = flags.resolve(machine(other) + ".ack");
                if (Files.exists(frozen) && !Files.exists(ack)) {
                    try {
                        Files.createFile(ack);
                    } catch (java.nio.file.FileAlreadyExistsException e) {
                        // acknowledged already
                    }
                }
            }
            if (!Files.exists(flags.resolve(machine + ".frozen")) || stop) {
                return;
            }
            Thread.sleep(2);
        }
    }

    /** The machine a disk image belongs to: its file name without ".img". */
    static String machine(Path disk) {
        return disk.getFileName().toString().replace(".img", "");
    }

    @Override
    public void close() throws Exception {
        stop = true;
        thread.join(10_000);
        if (failure != null) {
            throw failure;
        }
    }
}
