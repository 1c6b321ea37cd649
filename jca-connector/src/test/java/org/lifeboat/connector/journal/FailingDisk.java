package org.lifeboat.connector.journal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Segment files on a disk that fails on command, the way a full or dying disk does: writes or fsyncs
 * throw "No space left on device" while a switch is on. Records every channel it opened, so a test
 * can tell whether a channel was fsynced again after it failed.
 */
final class FailingDisk implements DiskJournal.Channels {

    volatile boolean writesFail;
    volatile boolean fsyncsFail;
    /** Opening files whose name starts so fails (e.g. the {@code sealed-through} marker). */
    volatile String opensFailFor;
    final List<Channel> opened = new ArrayList<>();

    @Override
    public FileChannel open(Path file, OpenOption... options) throws IOException {
        if (opensFailFor != null && file.getFileName().toString().startsWith(opensFailFor)) {
            throw new IOException("No space left on device");
        }
        Channel channel = new Channel(FileChannel.open(file, options));
        opened.add(channel);
        return channel;
    }

    final class Channel extends FileChannel {
        private final FileChannel delegate;
        boolean failed;
        int forcesAfterFailure;

        Channel(FileChannel delegate) {
            this.delegate = delegate;
        }

        @Override
        public int write(ByteBuffer src) throws IOException {
            if (writesFail) {
                // a short write first, as a filling disk does
                ByteBuffer part = src.duplicate();
                part.limit(part.position() + Math.min(part.remaining(), 100));
                int written = delegate.write(part);
                src.position(src.position() + written);
                failed = true;
                throw new IOException("No space left on device");
            }
            return delegate.write(src);
        }

        @Override
        public void force(boolean metaData) throws IOException {
            if (failed) {
                forcesAfterFailure++;
            }
            if (fsyncsFail) {
                failed = true;
                throw new IOException("Input/output error");
            }
            delegate.force(metaData);
        }

        @Override
        public int read(ByteBuffer dst) throws IOException {
            return delegate.read(dst);
        }

        @Override
        public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
            return delegate.read(dsts, offset, length);
        }

        @Override
        public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
            throw new UnsupportedOperationException();
        }

        @Override
        public long position() throws IOException {
            return delegate.position();
        }

        @Override
        public FileChannel position(long newPosition) throws IOException {
            delegate.position(newPosition);
            return this;
        }

        @Override
        public long size() throws IOException {
            return delegate.size();
        }

        @Override
        public FileChannel truncate(long size) throws IOException {
            delegate.truncate(size);
            return this;
        }

        @Override
        public long transferTo(long position, long count, WritableByteChannel target) throws IOException {
            return delegate.transferTo(position, count, target);
        }

        @Override
        public long transferFrom(ReadableByteChannel src, long position, long count) throws IOException {
            throw new UnsupportedOperationException();
        }

        @Override
        public int read(ByteBuffer dst, long position) throws IOException {
            return delegate.read(dst, position);
        }

        @Override
        public int write(ByteBuffer src, long position) throws IOException {
            throw new UnsupportedOperationException();
        }

        @Override
        public MappedByteBuffer map(MapMode mode, long position, long size) throws IOException {
            throw new UnsupportedOperationException();
        }

        @Override
        public FileLock lock(long position, long size, boolean shared) throws IOException {
            throw new UnsupportedOperationException();
        }

        @Override
        public FileLock tryLock(long position, long size, boolean shared) throws IOException {
            throw new UnsupportedOperationException();
        }

        @Override
        protected void implCloseChannel() throws IOException {
            delegate.close();
        }
    }
}
