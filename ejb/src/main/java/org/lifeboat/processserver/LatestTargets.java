package org.lifeboat.processserver;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;
import org.lifeboat.connector.journal.SealedSegment;

/**
 * What a Latest point of an item applied near Azure must hold: per disk, the last journal sequence its owner had
 * sealed and uploaded to the {@code cache} container when it handed the request to the applier. Every record the
 * owner acknowledged before the request is at or below it; the applier snapshots a disk once it has applied that far.
 * Kept on the request's row as {@code disk=sequence;disk=sequence}.
 */
public final class LatestTargets {

    /** The column's length: ids of 36 characters and 19 digits leave room for 70 disks, more than an item has. */
    public static final int MAX_TEXT = 4000;

    private final Map<String, Long> throughByDisk;

    private LatestTargets(Map<String, Long> throughByDisk) {
        this.throughByDisk = Collections.unmodifiableMap(new TreeMap<>(throughByDisk));
    }

    public static LatestTargets of(Map<String, Long> throughByDisk) {
        throughByDisk.forEach((disk, sequence) -> {
            if (disk == null || disk.isBlank() || disk.contains("=") || disk.contains(";")) {
                throw new IllegalArgumentException("not a disk id: '" + disk + "'");
            }
            if (sequence == null || sequence < 0) {
                throw new IllegalArgumentException("disk " + disk + ": not a sequence: " + sequence);
            }
        });
        LatestTargets targets = new LatestTargets(throughByDisk);
        if (targets.text().length() > MAX_TEXT) {
            throw new IllegalArgumentException("the targets of " + throughByDisk.size() + " disks are longer than "
                    + MAX_TEXT + " characters");
        }
        return targets;
    }

    /** Reads {@link #text()} back; a row that is not one is refused, naming what is wrong. */
    public static LatestTargets parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("no disk sequences");
        }
        Map<String, Long> read = new TreeMap<>();
        for (String part : text.split(";")) {
            int equals = part.indexOf('=');
            if (equals <= 0) {
                throw new IllegalArgumentException("not disk=sequence: '" + part + "'");
            }
            try {
                if (read.put(part.substring(0, equals), Long.parseLong(part.substring(equals + 1))) != null) {
                    throw new IllegalArgumentException("disk " + part.substring(0, equals) + " twice");
                }
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("not disk=sequence: '" + part + "'", e);
            }
        }
        return of(read);
    }

    /**
     * The disk's target when asked: what Azure holds of it with nothing missing ({@code durable}, applied or uploaded
     * in the journal's chain), or the last of the segments sealed and still on local disk if later. Those are uploaded
     * at once when an applier applies the server's items; waiting for {@code durable} to reach the target waits for
     * them.
     */
    public static long target(long durable, List<SealedSegment> sealedOfDisk) {
        long target = durable;
        for (SealedSegment segment : sealedOfDisk) {
            target = Math.max(target, segment.lastSequence());
        }
        return target;
    }

    public OptionalLong through(String diskId) {
        Long through = throughByDisk.get(diskId);
        return through == null ? OptionalLong.empty() : OptionalLong.of(through);
    }

    /** Whether every disk of {@code durableByDisk} holds its target (a disk it does not name has none to hold). */
    public boolean heldBy(Map<String, Long> durableByDisk) {
        return throughByDisk.entrySet().stream()
                .allMatch(e -> durableByDisk.getOrDefault(e.getKey(), -1L) >= e.getValue());
    }

    public Map<String, Long> asMap() {
        return throughByDisk;
    }

    public String text() {
        StringBuilder text = new StringBuilder();
        throughByDisk.forEach((disk, sequence) -> text.append(text.isEmpty() ? "" : ";").append(disk).append('=')
                .append(sequence));
        return text.toString();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof LatestTargets targets && throughByDisk.equals(targets.throughByDisk);
    }

    @Override
    public int hashCode() {
        return throughByDisk.hashCode();
    }

    @Override
    public String toString() {
        return text();
    }
}
