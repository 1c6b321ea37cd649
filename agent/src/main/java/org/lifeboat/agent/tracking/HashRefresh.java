package org.lifeboat.agent.tracking;

import java.io.IOException;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Learns, in a traced disk's quiet time, the hashes of the blocks that the trace tracker sent only in part (their
 * sent hash is {@link BlockHasher#UNKNOWN}), so that the full compare after a gap (an agent restart above all) does
 * not send them whole again.
 * <p>
 * A block read whole here was not sent: its hash may stand for what was sent only if the server already holds
 * exactly those bytes, that is if no write reached the block between the sends that made it what the server holds
 * and this read, and none was under way during the read. So a hash read is kept only
 * <ul>
 * <li>through gap-free markers: any gap (events lost, the trace set up again, a resync) discards every hash not yet
 * taken, since a write lost from the trace before the read would otherwise pass for sent;</li>
 * <li>while its block stays clean: a write completed after the pass before the read shows in the bitmap of the
 * next marker, and a block with any extent marked there is dropped (and sent by that pass);</li>
 * <li>until a moment after the read when the disk had no write in flight (sysfs {@code inflight}): a write under
 * way during the read may already show in what was read and complete later, so only then are all the writes the
 * read could have seen completed, and traced. The hash is taken at the first gap-free marker after the marker
 * preceded by that moment, a whole pass later, so that a completion counted out of {@code inflight} just before
 * the marker has reached the trace.</li>
 * </ul>
 * A taken hash is the sent one from then on ({@link DiskScanner#takeRefreshed}); the agent also gives it to its
 * acknowledged map, once the records that carried the block are acknowledged, so a restart keeps it.
 * <p>
 * Bounded: it reads only in a pass's idle time (the caller gives the deadline), at most {@code bytesPerSecond}, less
 * {@value #SPARED_PER_BYTE_READ} times the bytes the pass before read (a byte a pass reads can make up to a whole
 * block unknown, 16 bytes for 4 KiB extents in 64 KiB blocks: a disk busier than that would make hashes unknown faster
 * than they are refreshed, so it gets no refresh and its reads stay those of its writes), and at most
 * {@value #MAX_PENDING} hashes wait at once. Not thread-safe: the disk's replicator drives it between passes.
 */
public final class HashRefresh {

    /** Refresh bytes a pass's read byte takes from the allowance. */
    public static final int SPARED_PER_BYTE_READ = 16;
    /** Hashes read and not yet taken or dropped: 8 MiB of blocks at most per second of allowance is far below. */
    static final int MAX_PENDING = 4096;
    private static final long NEVER = Long.MAX_VALUE;

    /** A block's hash as read, after gap-free marker {@code readAfter}; {@code quietBefore}: a quiet moment before that marker. */
    private static final class Pending {
        final long hash;
        long quietBefore = NEVER;

        Pending(long hash) {
            this.hash = hash;
        }
    }

    /** A hash taken as the sent one. */
    public record Refreshed(int block, long hash) {
    }

    private final DiskScanner scanner;
    private final BlockLayout layout;
    private final BlockLayout extents;
    private final long bytesPerSecond;
    private final Map<Integer, Pending> pending = new TreeMap<>();
    /** Gap-free markers seen. */
    private long markers;
    private int cursor;
    /** The first round may read a second's worth. */
    private long lastRoundNanos = System.nanoTime() - 1_000_000_000L;
    private long readBytes;
    private long taken;
    private long dropped;

    /**
     * @param scanner        the disk's scanner: its sent map is what is refreshed
     * @param extents        the layout of the trace's dirty bitmap
     * @param bytesPerSecond the read rate allowed at most (0: never read)
     */
    public HashRefresh(DiskScanner scanner, BlockLayout extents, long bytesPerSecond) {
        this.scanner = scanner;
        this.layout = scanner.layout();
        this.extents = extents;
        this.bytesPerSecond = bytesPerSecond;
    }

    /**
     * Just before a marker is written, with the disk's writes in flight now: 0 settles every hash read so far
     * (-1, unknown, settles nothing).
     */
    public void beforeMarker(long writesInFlight) {
        if (writesInFlight != 0) {
            return;
        }
        for (Pending hash : pending.values()) {
            if (hash.quietBefore == NEVER) {
                hash.quietBefore = markers + 1;
            }
        }
    }

    /** The trace may have missed writes: nothing read so far may be taken. */
    public void gap() {
        dropped += pending.size();
        pending.clear();
    }

    /**
     * At a gap-free marker, with the extents written before it ({@code written}, the bitmap taken there): drops
     * the hashes of blocks written, and takes those that were settled before the previous marker.
     *
     * @return the hashes taken, in block order
     */
    public List<Refreshed> atMarker(BitSet written) {
        markers++;
        List<Refreshed> refreshed = new ArrayList<>();
        for (Iterator<Map.Entry<Integer, Pending>> it = pending.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<Integer, Pending> entry = it.next();
            // read before it.remove(): removing a node with two children moves its successor's key and value
            // into this entry, so afterwards it would give the next block's hash
            int block = entry.getKey();
            Pending hash = entry.getValue();
            if (writtenIn(block, written)) {
                it.remove();
                dropped++;
            } else if (hash.quietBefore < markers) {
                it.remove();
                if (scanner.takeRefreshed(block, hash.hash)) {
                    refreshed.add(new Refreshed(block, hash.hash));
                    taken++;
                } else {
                    dropped++;
                }
            }
        }
        return refreshed;
    }

    /**
     * Reads blocks whose sent hash is unknown, in the idle time after a pass, until {@code deadlineNanos}, the
     * allowance, or {@code control} says stop.
     *
     * @param passReadBytes what the pass before read
     * @return bytes read
     */
    public long readIdle(long passReadBytes, long deadlineNanos, PassControl control) throws IOException {
        long now = System.nanoTime();
        double seconds = Math.min(1.0, (now - lastRoundNanos) / 1e9);
        lastRoundNanos = now;
        long allowance = (long) (bytesPerSecond * seconds) - SPARED_PER_BYTE_READ * passReadBytes;
        long read = 0;
        if (allowance <= 0) {
            return 0;
        }
        int count = layout.blockCount();
        for (int examined = 0; examined < count && pending.size() < MAX_PENDING; examined++) {
            int block = cursor;
            cursor = cursor + 1 == count ? 0 : cursor + 1;
            if (scanner.sentHash(block) != BlockHasher.UNKNOWN || pending.containsKey(block)) {
                continue;
            }
            int length = layout.length(block);
            if (read + length > allowance || System.nanoTime() >= deadlineNanos || control.shouldAbandon()) {
                cursor = block; // this one first next time
                break;
            }
            pending.put(block, new Pending(scanner.hashWhole(block)));
            read += length;
        }
        readBytes += read;
        return read;
    }

    private boolean writtenIn(int block, BitSet written) {
        long start = layout.offset(block);
        int first = (int) (start / extents.blockSize());
        int last = (int) ((start + layout.length(block) - 1) / extents.blockSize());
        int next = written.nextSetBit(first);
        return next >= 0 && next <= last;
    }

    /** Bytes read by the refresh so far. */
    public long readBytes() {
        return readBytes;
    }

    /** Hashes taken as the sent ones so far. */
    public long taken() {
        return taken;
    }

    /** Hashes read and dropped so far (written, a gap, or no longer needed). */
    public long dropped() {
        return dropped;
    }

    /** Hashes read, waiting for their marker. */
    public int pending() {
        return pending.size();
    }
}
