package org.lifeboat.agent.state;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.StandardOpenOption;

import org.lifeboat.files.SecureFiles;

/**
 * The exclusive hold on a state directory: one daemon at a time replicates from its disks, and a master
 * target writes onto them only while no daemon runs.
 */
public final class StateLock implements AutoCloseable {

    private final FileChannel channel;
    private final FileLock lock;

    private StateLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /** @throws StateException if another process holds the directory, or its lock file cannot be opened */
    public static StateLock hold(StateDirectory state) throws StateException {
        FileChannel channel;
        try {
            channel = FileChannel.open(state.lockFile(), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            SecureFiles.restrictFile(state.lockFile());
        } catch (IOException e) {
            throw new StateException("Cannot lock " + state.lockFile() + ": " + e.getMessage(), e);
        }
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException | IOException e) {
            lock = null;
        }
        if (lock == null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // refusing anyway
            }
            throw new StateException("An agent is already running for " + state.root() + ".");
        }
        return new StateLock(channel, lock);
    }

    @Override
    public void close() throws IOException {
        try {
            lock.release();
        } finally {
            channel.close();
        }
    }
}
