package org.lifeboat.agent.profile;

import java.util.List;
import java.util.Map;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;

import org.lifeboat.protocol.sizing.ChurnLimits;
import org.lifeboat.protocol.sizing.DiskFit;

/**
 * What the profiler measured on one disk.
 *
 * @param writes        completed write requests (as the block layer merged them)
 * @param writeSizes    writes per size bucket, by the bucket's lower bound in bytes
 * @param touchedBlocks distinct blocks of {@code blockBytes} written at least once
 * @param gaps          why writes may have been missed (the figures are then a lower bound); empty if none
 */
public record DiskProfile(String disk, long sizeBytes, long writes, long bytesWritten, long averageBytesPerSecond,
                          long peakBytesPerSecond, List<Long> bytesPerMinute, Map<Long, Long> writeSizes,
                          long touchedBlocks, int blockBytes, long diskBlocks, List<String> gaps) {

    /** The share of the disk's blocks written at least once, 0 to 1. */
    public double touchedShare() {
        return diskBlocks == 0 ? 0 : (double) touchedBlocks / diskBlocks;
    }

    public DiskFit fit(ChurnLimits limits) {
        return DiskFit.of(peakBytesPerSecond, limits);
    }

    JsonObject toJson(ChurnLimits limits) {
        JsonArrayBuilder minutes = Json.createArrayBuilder();
        bytesPerMinute.forEach(minutes::add);
        JsonArrayBuilder sizes = Json.createArrayBuilder();
        writeSizes.forEach((from, count) -> sizes.add(Json.createObjectBuilder().add("fromBytes", from)
                .add("writes", count)));
        JsonArrayBuilder gapList = Json.createArrayBuilder();
        gaps.forEach(gapList::add);
        return Json.createObjectBuilder()
                .add("disk", disk)
                .add("sizeBytes", sizeBytes)
                .add("writes", writes)
                .add("bytesWritten", bytesWritten)
                .add("averageBytesPerSecond", averageBytesPerSecond)
                .add("peakBytesPerSecond", peakBytesPerSecond)
                .add("bytesPerMinute", minutes)
                .add("writeSizes", sizes)
                .add("touchedBlocks", touchedBlocks)
                .add("blockBytes", blockBytes)
                .add("diskBlocks", diskBlocks)
                .add("touchedShare", Math.round(touchedShare() * 1e6) / 1e6)
                .add("fit", fit(limits).name())
                .add("gaps", gapList)
                .build();
    }
}
