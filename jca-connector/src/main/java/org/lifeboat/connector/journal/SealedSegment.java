package org.lifeboat.connector.journal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A closed segment of one disk's journal, waiting in the cache's {@code sealed/} folder for upload:
 * the protocol frames of the records {@code firstSequence..lastSequence}, in order. The upload worker
 * deletes it once Azure Storage holds it.
 *
 * <p>{@code previousSequence} is the last sequence the journal sealed before this segment: the links
 * of the disk's chain, so that whoever applies the segments can tell a missing one from sequence
 * numbers the agent skipped. Segments sealed before the chain existed name no predecessor
 * ({@link #UNKNOWN}).
 */
public record SealedSegment(Path file, String diskId, long firstSequence, long lastSequence, long previousSequence) {

    /** The predecessor of a segment sealed in the old format, which did not record it. */
    public static final long UNKNOWN = -1;

    private static final Pattern NAME = Pattern.compile(
            "(" + DiskJournal.DISK_ID + ")_(\\d{20})_(\\d{20})(?:_after_(\\d{20}))?\\.seg");

    static String fileName(String diskId, long first, long last, long previous) {
        return previous == UNKNOWN ? String.format("%s_%020d_%020d.seg", diskId, first, last)
                : String.format("%s_%020d_%020d_after_%020d.seg", diskId, first, last, previous);
    }

    public static Optional<SealedSegment> parse(Path file) {
        Matcher matcher = NAME.matcher(file.getFileName().toString());
        if (!matcher.matches()) {
            return Optional.empty();
        }
        return Optional.of(new SealedSegment(file, matcher.group(1), Long.parseLong(matcher.group(2)),
                Long.parseLong(matcher.group(3)), matcher.group(4) == null ? UNKNOWN : Long.parseLong(matcher.group(4))));
    }

    /** Whether this segment cannot follow {@code applied}: one sealed between them is missing. */
    public boolean leavesGapAfter(long applied) {
        return leavesGap(previousSequence, applied);
    }

    /**
     * Whether a segment sealed after {@code previousSequence} cannot follow {@code applied}: a segment
     * in between is missing (still open, stranded, or lost), and applying past it would make recovery
     * points that lack acknowledged writes. Sequences themselves may skip, so only the chain tells.
     */
    public static boolean leavesGap(long previousSequence, long applied) {
        return previousSequence != UNKNOWN && previousSequence > applied;
    }

    /** The sealed segments in a cache folder, oldest first per disk. */
    public static List<SealedSegment> list(Path cacheRoot) throws IOException {
        Path sealed = cacheRoot.resolve(CacheJournal.SEALED);
        if (!Files.isDirectory(sealed)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(sealed)) {
            return files.map(SealedSegment::parse).flatMap(Optional::stream)
                    .sorted(java.util.Comparator.comparing(SealedSegment::diskId)
                            .thenComparingLong(SealedSegment::firstSequence))
                    .toList();
        }
    }
}
