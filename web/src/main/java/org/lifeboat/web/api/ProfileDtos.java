package org.lifeboat.web.api;

import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.lifeboat.profile.ChurnProfile;
import org.lifeboat.profile.FleetSizing;
import org.lifeboat.profile.MachineProfile;
import org.lifeboat.protocol.sizing.ChurnLimits;
import org.lifeboat.protocol.sizing.Sizing;

/** The churn-profile API's bodies. The request body is the agent's report, documented in docs/api.md. */
public final class ProfileDtos {

    private ProfileDtos() {
    }

    @Schema(description = "A machine's churn profile as filed: its figures and each disk's verdict")
    public record Machine(String machine, Instant uploadedAt, Instant startedAt, double seconds, int disks,
                          long averageBytesPerSecond, long peakBytesPerSecond, List<Disk> diskFits) {

        static Machine of(MachineProfile stored, ChurnProfile churn) {
            return new Machine(stored.getMachine(), stored.getUploadedAt(), churn.startedAt(), churn.seconds(),
                    churn.disks().size(), churn.averageBytesPerSecond(), churn.peakBytesPerSecond(),
                    churn.disks().stream().map(d -> new Disk(d.disk(), d.peakBytesPerSecond(),
                            d.fit(ChurnLimits.ASR).name())).toList());
        }
    }

    @Schema(description = "A disk's peak churn and verdict: STANDARD (fits any target disk), PREMIUM (only a "
            + "premium one), EXCEEDS (above the per-disk limit)")
    public record Disk(String disk, long peakBytesPerSecond, String fit) {
    }

    @Schema(description = "What the profiled machines need together; peaks are added as if they coincided")
    public record Summary(int machines, int disks, long averageBytesPerSecond, long peakBytesPerSecond,
                          int processServers, long cacheBytes, long bandwidthBitsPerSecond, double rpoSeconds,
                          List<FleetSizing.DiskOverLimit> disksOverLimit,
                          List<FleetSizing.MachineOverLimit> machinesOverLimit, Limits limits) {

        static Summary of(FleetSizing fleet) {
            Sizing s = fleet.sizing();
            ChurnLimits l = fleet.limits();
            return new Summary(fleet.machines(), fleet.disks(), s.averageBytesPerSecond(), s.peakBytesPerSecond(),
                    s.processServers(), s.cacheBytes(), s.bandwidthBitsPerSecond(), s.rpoSeconds(), fleet.disksOverLimit(),
                    fleet.machinesOverLimit(),
                    new Limits(l.standardDiskPeak(), l.premiumDiskPeak(), l.machinePeak(), l.processServerDailyBytes(),
                            l.cacheWindow().toSeconds()));
        }
    }

    @Schema(description = "The ASR-like limits the sizing is judged against")
    public record Limits(long standardDiskPeakBytesPerSecond, long premiumDiskPeakBytesPerSecond,
                         long machinePeakBytesPerSecond, long processServerBytesPerDay, long cacheSeconds) {
    }
}
