package org.lifeboat.agent.profile;

import java.io.PrintWriter;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;

import org.lifeboat.agent.status.ByteSize;
import org.lifeboat.protocol.sizing.ChurnLimits;
import org.lifeboat.protocol.sizing.DiskFit;
import org.lifeboat.protocol.sizing.Sizing;

/**
 * A machine's churn profile and what it needs: per disk what was measured and whether it fits, for
 * the machine its busiest minute (all disks together) and the {@link Sizing}. Its JSON is what
 * {@code PUT /api/v1/profiles/{machine}} takes.
 *
 * @param seconds              how long was measured (shorter than asked when stopped early)
 * @param uplinkBytesPerSecond the upload rate given for the RPO estimate, 0 if none
 */
public record ChurnReport(String machine, Instant startedAt, double seconds, boolean stoppedEarly,
                          List<DiskProfile> disks, long uplinkBytesPerSecond, ChurnLimits limits) {

    /** The machine's rates: every disk's bytes added up minute by minute, so a peak is one the machine really had. */
    public MinuteRates machineRates() {
        int minutes = disks.stream().mapToInt(d -> d.bytesPerMinute().size()).max().orElse(1);
        long[] total = new long[minutes];
        for (DiskProfile disk : disks) {
            for (int i = 0; i < disk.bytesPerMinute().size(); i++) {
                total[i] += disk.bytesPerMinute().get(i);
            }
        }
        return MinuteRates.of(total, seconds);
    }

    public Sizing sizing() {
        MinuteRates rates = machineRates();
        return Sizing.of(rates.averageBytesPerSecond(), rates.peakBytesPerSecond(), uplinkBytesPerSecond, limits);
    }

    public JsonObject toJson() {
        JsonArrayBuilder diskArray = Json.createArrayBuilder();
        disks.forEach(d -> diskArray.add(d.toJson(limits)));
        Sizing sizing = sizing();
        return Json.createObjectBuilder()
                .add("machine", machine)
                .add("startedAt", startedAt.toString())
                .add("seconds", Math.round(seconds * 10) / 10.0)
                .add("stoppedEarly", stoppedEarly)
                .add("averageBytesPerSecond", sizing.averageBytesPerSecond())
                .add("peakBytesPerSecond", sizing.peakBytesPerSecond())
                .add("disks", diskArray)
                .add("sizing", Json.createObjectBuilder()
                        .add("fitsMachineLimit", sizing.fitsMachineLimit())
                        .add("processServers", sizing.processServers())
                        .add("cacheBytes", sizing.cacheBytes())
                        .add("bandwidthBitsPerSecond", sizing.bandwidthBitsPerSecond())
                        .add("uplinkBytesPerSecond", sizing.uplinkBytesPerSecond())
                        .add("rpoSeconds", sizing.rpoSeconds()))
                .add("limits", Json.createObjectBuilder()
                        .add("standardDiskPeakBytesPerSecond", limits.standardDiskPeak())
                        .add("premiumDiskPeakBytesPerSecond", limits.premiumDiskPeak())
                        .add("machinePeakBytesPerSecond", limits.machinePeak())
                        .add("processServerBytesPerDay", limits.processServerDailyBytes())
                        .add("cacheSeconds", limits.cacheWindow().toSeconds()))
                .build();
    }

    public void printText(PrintWriter out) {
        out.printf(Locale.ROOT, "Churn profile of %s: %.0f s from %s%s.%n", machine, seconds, startedAt,
                stoppedEarly ? " (stopped early: what was measured so far)" : "");
        for (DiskProfile disk : disks) {
            DiskFit fit = disk.fit(limits);
            out.printf(Locale.ROOT, "%nDisk %s (%s)%n", disk.disk(), ByteSize.format(disk.sizeBytes()));
            out.printf(Locale.ROOT, "  writes %d, %s written; average %s, peak minute %s%n", disk.writes(),
                    ByteSize.format(disk.bytesWritten()), rate(disk.averageBytesPerSecond()), rate(disk.peakBytesPerSecond()));
            out.printf(Locale.ROOT, "  touched %.2f %% of the disk (%d of %d blocks of %s)%n",
                    disk.touchedShare() * 100, disk.touchedBlocks(), disk.diskBlocks(), ByteSize.format(disk.blockBytes()));
            StringBuilder sizes = new StringBuilder();
            disk.writeSizes().forEach((from, count) -> {
                if (count > 0) {
                    sizes.append(sizes.isEmpty() ? "" : ", ").append(ByteSize.format(from)).append("+: ").append(count);
                }
            });
            out.printf("  write sizes: %s%n", sizes.isEmpty() ? "none" : sizes);
            out.printf(Locale.ROOT, "  verdict: %s (per-disk peak limits %s standard, %s premium)%n", fit.text(),
                    rate(limits.standardDiskPeak()), rate(limits.premiumDiskPeak()));
            for (String gap : disk.gaps()) {
                out.printf("  warning: writes may have been missed (%s): the figures are a lower bound%n", gap);
            }
        }
        Sizing sizing = sizing();
        out.printf(Locale.ROOT, "%nMachine: average %s, peak minute %s (limit %s: %s)%n",
                rate(sizing.averageBytesPerSecond()), rate(sizing.peakBytesPerSecond()), rate(limits.machinePeak()),
                sizing.fitsMachineLimit() ? "fits" : "exceeds");
        out.printf(Locale.ROOT, "Needs: %d process server(s) at %s of churn a day each; cache %s (%d min at peak); "
                        + "bandwidth %.1f Mbit/s%n", sizing.processServers(), ByteSize.format(limits.processServerDailyBytes()),
                ByteSize.format(sizing.cacheBytes()), limits.cacheWindow().toMinutes(), sizing.bandwidthBitsPerSecond() / 1e6);
        out.printf(Locale.ROOT, "RPO to expect at peak: %.1f s (with an uplink of %s%s)%n", sizing.rpoSeconds(),
                rate(sizing.uplinkBytesPerSecond()), uplinkBytesPerSecond > 0 ? "" : ", the bandwidth recommended");
        out.flush();
    }

    private static String rate(long bytesPerSecond) {
        return String.format(Locale.ROOT, "%.2f MB/s", bytesPerSecond / 1e6);
    }
}
