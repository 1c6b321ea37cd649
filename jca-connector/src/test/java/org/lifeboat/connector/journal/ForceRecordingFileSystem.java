package org.lifeboat.connector.journal;

import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.AccessMode;
import java.nio.file.CopyOption;
import java.nio.file.DirectoryStream;
import java.nio.file.FileStore;
import java.nio.file.FileSystem;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.FileAttributeView;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.nio.file.spi.FileSystemProvider;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The local file system seen through a recorder of what makes data durable: every fsync (FileChannel
 * force, of a file or of a directory), rename and delete is logged in order, with the file's size at
 * the fsync. A journal opened on a path of this file system behaves exactly as on the real one; a test
 * then asks whether what it acknowledged had been forced, which nothing else a test can see tells.
 * Only what the journal uses is wrapped; watch services are refused.
 */
final class ForceRecordingFileSystem extends FileSystem {

    /** One step that decides what a crash keeps, e.g. "force journal/d/open-1.seg 4156". */
    record Step(String kind, Path path, long size) {
        @Override
        public String toString() {
            return kind + " " + path + (kind.equals("force") ? " " + size : "");
        }
    }

    private final FileSystem real;
    private final Path base;
    private final Provider provider = new Provider();
    private final List<Step> steps = Collections.synchronizedList(new ArrayList<>());

    private ForceRecordingFileSystem(Path base) {
        this.real = base.getFileSystem();
        this.base = base;
    }

    /** The folder {@code base} on a recording file system: pass it where the code under test wants a path. */
    static Path over(Path base) {
        return new ForceRecordingFileSystem(base).wrap(base);
    }

    /** What happened below {@code root} (a path {@link #over} returned), paths relative to it. */
    static List<Step> steps(Path root) {
        ForceRecordingFileSystem fs = (ForceRecordingFileSystem) root.getFileSystem();
        synchronized (fs.steps) {
            return List.copyOf(fs.steps);
        }
    }

    static void forget(Path root) {
        ((ForceRecordingFileSystem) root.getFileSystem()).steps.clear();
    }

    private void record(String kind, Path realPath, long size) {
        steps.add(new Step(kind, base.relativize(realPath), size));
    }

    RecordingPath wrap(Path path) {
        return path == null ? null : new RecordingPath(this, path);
    }

    static Path unwrap(Path path) {
        return path instanceof RecordingPath recording ? recording.real : path;
    }

    @Override
    public FileSystemProvider provider() {
        return provider;
    }

    @Override
    public void close() {
        throw new UnsupportedOperationException();
    }

    @Override
    public boolean isOpen() {
        return true;
    }

    @Override
    public boolean isReadOnly() {
        return false;
    }

    @Override
    public String getSeparator() {
        return real.getSeparator();
    }

    @Override
    public Iterable<Path> getRootDirectories() {
        List<Path> roots = new ArrayList<>();
        real.getRootDirectories().forEach(root -> roots.add(wrap(root)));
        return roots;
    }

    @Override
    public Iterable<FileStore> getFileStores() {
        return real.getFileStores();
    }

    @Override
    public Set<String> supportedFileAttributeViews() {
        return real.supportedFileAttributeViews();
    }

    @Override
    public Path getPath(String first, String... more) {
        return wrap(real.getPath(first, more));
    }

    @Override
    public PathMatcher getPathMatcher(String syntaxAndPattern) {
        PathMatcher matcher = real.getPathMatcher(syntaxAndPattern);
        return path -> matcher.matches(unwrap(path));
    }

    @Override
    public UserPrincipalLookupService getUserPrincipalLookupService() {
        return real.getUserPrincipalLookupService();
    }

    @Override
    public WatchService newWatchService() {
        throw new UnsupportedOperationException();
    }

    /** A real path that answers to the recording file system. */
    static final class RecordingPath implements Path {
        private final ForceRecordingFileSystem fs;
        private final Path real;

        RecordingPath(ForceRecordingFileSystem fs, Path real) {
            this.fs = fs;
            this.real = real;
        }

        @Override
        public FileSystem getFileSystem() {
            return fs;
        }

        @Override
        public boolean isAbsolute() {
            return real.isAbsolute();
        }

        @Override
        public Path getRoot() {
            return fs.wrap(real.getRoot());
        }

        @Override
        public Path getFileName() {
            return fs.wrap(real.getFileName());
        }

        @Override
        public Path getParent() {
            return fs.wrap(real.getParent());
        }

        @Override
        public int getNameCount() {
            return real.getNameCount();
        }

        @Override
        public Path getName(int index) {
            return fs.wrap(real.getName(index));
        }

        @Override
        public Path subpath(int beginIndex, int endIndex) {
            return fs.wrap(real.subpath(beginIndex, endIndex));
        }

        @Override
        public boolean startsWith(Path other) {
            return real.startsWith(unwrap(other));
        }

        @Override
        public boolean endsWith(Path other) {
            return real.endsWith(unwrap(other));
        }

        @Override
        public Path normalize() {
            return fs.wrap(real.normalize());
        }

        @Override
        public Path resolve(Path other) {
            return fs.wrap(real.resolve(unwrap(other)));
        }

        @Override
        public Path relativize(Path other) {
            return fs.wrap(real.relativize(unwrap(other)));
        }

        @Override
        public URI toUri() {
            return real.toUri();
        }

        @Override
        public Path toAbsolutePath() {
            return fs.wrap(real.toAbsolutePath());
        }

        @Override
        public Path toRealPath(LinkOption... options) throws IOException {
            return fs.wrap(real.toRealPath(options));
        }

        @Override
        public WatchKey register(WatchService watcher, WatchEvent.Kind<?>[] events, WatchEvent.Modifier... modifiers) {
            throw new UnsupportedOperationException();
        }

        @Override
        public int compareTo(Path other) {
            return real.compareTo(unwrap(other));
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof RecordingPath path && path.fs == fs && path.real.equals(real);
        }

        @Override
        public int hashCode() {
            return real.hashCode();
        }

        @Override
        public String toString() {
            return real.toString();
        }
    }

    /** Hands every call to the real provider with real paths; records forces, moves and deletes. */
    private final class Provider extends FileSystemProvider {

        private FileSystemProvider realProvider() {
            return real.provider();
        }

        @Override
        public String getScheme() {
            return "recording";
        }

        @Override
        public FileSystem newFileSystem(URI uri, Map<String, ?> env) {
            throw new UnsupportedOperationException();
        }

        @Override
        public FileSystem getFileSystem(URI uri) {
            return ForceRecordingFileSystem.this;
        }

        @Override
        public Path getPath(URI uri) {
            return wrap(realProvider().getPath(uri));
        }

        @Override
        public SeekableByteChannel newByteChannel(Path path, Set<? extends OpenOption> options,
                                                  FileAttribute<?>... attrs) throws IOException {
            return newFileChannel(path, options, attrs);
        }

        @Override
        public FileChannel newFileChannel(Path path, Set<? extends OpenOption> options, FileAttribute<?>... attrs)
                throws IOException {
            Path file = unwrap(path);
            return new RecordingChannel(file, realProvider().newFileChannel(file, options, attrs));
        }

        @Override
        public DirectoryStream<Path> newDirectoryStream(Path dir, DirectoryStream.Filter<? super Path> filter)
                throws IOException {
            DirectoryStream<Path> entries = realProvider().newDirectoryStream(unwrap(dir),
                    entry -> filter.accept(wrap(entry)));
            return new DirectoryStream<>() {
                @Override
                public Iterator<Path> iterator() {
                    Iterator<Path> iterator = entries.iterator();
                    return new Iterator<>() {
                        @Override
                        public boolean hasNext() {
                            return iterator.hasNext();
                        }

                        @Override
                        public Path next() {
                            return wrap(iterator.next());
                        }
                    };
                }

                @Override
                public void close() throws IOException {
                    entries.close();
                }
            };
        }

        @Override
        public void createDirectory(Path dir, FileAttribute<?>... attrs) throws IOException {
            realProvider().createDirectory(unwrap(dir), attrs);
        }

        @Override
        public void delete(Path path) throws IOException {
            realProvider().delete(unwrap(path));
            record("delete", unwrap(path), 0);
        }

        @Override
        public void copy(Path source, Path target, CopyOption... options) throws IOException {
            realProvider().copy(unwrap(source), unwrap(target), options);
        }

        @Override
        public void move(Path source, Path target, CopyOption... options) throws IOException {
            realProvider().move(unwrap(source), unwrap(target), options);
            record("move", unwrap(target), 0);
        }

        @Override
        public boolean isSameFile(Path path, Path path2) throws IOException {
            return realProvider().isSameFile(unwrap(path), unwrap(path2));
        }

        @Override
        public boolean isHidden(Path path) throws IOException {
            return realProvider().isHidden(unwrap(path));
        }

        @Override
        public FileStore getFileStore(Path path) throws IOException {
            return realProvider().getFileStore(unwrap(path));
        }

        @Override
        public void checkAccess(Path path, AccessMode... modes) throws IOException {
            realProvider().checkAccess(unwrap(path), modes);
        }

        @Override
        public <V extends FileAttributeView> V getFileAttributeView(Path path, Class<V> type, LinkOption... options) {
            return realProvider().getFileAttributeView(unwrap(path), type, options);
        }

        @Override
        public <A extends BasicFileAttributes> A readAttributes(Path path, Class<A> type, LinkOption... options)
                throws IOException {
            return realProvider().readAttributes(unwrap(path), type, options);
        }

        @Override
        public Map<String, Object> readAttributes(Path path, String attributes, LinkOption... options)
                throws IOException {
            return realProvider().readAttributes(unwrap(path), attributes, options);
        }

        @Override
        public void setAttribute(Path path, String attribute, Object value, LinkOption... options) throws IOException {
            realProvider().setAttribute(unwrap(path), attribute, value, options);
        }
    }

    /** A real file channel whose forces are recorded with the file's size at that moment. */
    private final class RecordingChannel extends FileChannel {
        private final Path file;
        private final FileChannel channel;

        RecordingChannel(Path file, FileChannel channel) {
            this.file = file;
            this.channel = channel;
        }

        @Override
        public void force(boolean metaData) throws IOException {
            channel.force(metaData);
            record("force", file, channel.size());
        }

        @Override
        public int read(ByteBuffer dst) throws IOException {
            return channel.read(dst);
        }

        @Override
        public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
            return channel.read(dsts, offset, length);
        }

        @Override
        public int write(ByteBuffer src) throws IOException {
            return channel.write(src);
        }

        @Override
        public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
            return channel.write(srcs, offset, length);
        }

        @Override
        public long position() throws IOException {
            return channel.position();
        }

        @Override
        public FileChannel position(long newPosition) throws IOException {
            channel.position(newPosition);
            return this;
        }

        @Override
        public long size() throws IOException {
            return channel.size();
        }

        @Override
        public FileChannel truncate(long size) throws IOException {
            channel.truncate(size);
            return this;
        }

        @Override
        public long transferTo(long position, long count, WritableByteChannel target) throws IOException {
            return channel.transferTo(position, count, target);
        }

        @Override
        public long transferFrom(ReadableByteChannel src, long position, long count) throws IOException {
            return channel.transferFrom(src, position, count);
        }

        @Override
        public int read(ByteBuffer dst, long position) throws IOException {
            return channel.read(dst, position);
        }

        @Override
        public int write(ByteBuffer src, long position) throws IOException {
            return channel.write(src, position);
        }

        @Override
        public MappedByteBuffer map(MapMode mode, long position, long size) throws IOException {
            return channel.map(mode, position, size);
        }

        @Override
        public FileLock lock(long position, long size, boolean shared) throws IOException {
            return channel.lock(position, size, shared);
        }

        @Override
        public FileLock tryLock(long position, long size, boolean shared) throws IOException {
            return channel.tryLock(position, size, shared);
        }

        @Override
        protected void implCloseChannel() throws IOException {
            channel.close();
            record("close", file, 0);
        }
    }
}
