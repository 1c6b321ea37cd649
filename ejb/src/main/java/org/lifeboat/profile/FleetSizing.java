package org.lifeboat.profile;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.lifeboat.protocol.sizing.ChurnLimits;
import org.lifeboat.protocol.sizing.DiskFit;
import org.lifeboat.protocol.sizing.Sizing;

/**
 * What the profiled machines need together. Machines' peaks are added up as if they coincided (the
 * profiles were taken at different times, so the server cannot tell when they do): the sizing errs
 * on the safe side. The same {@link Sizing} formulas as the agent's own report.
 *
 * @param overLimit the disks above the standard-like per-disk limit, and the machines above the per-machine one
 */
public record FleetSizing(int machines, int disks, Sizing sizing, List<OverLimit> overLimit, ChurnLimits limits) {

    /** A disk above a per-disk limit ({@code disk} set), or a machine above the per-machine limit ({@code disk} null). */
    public record OverLimit(String machine, String disk, long peakBytesPerSecond, String verdict) {
    }

    public static FleetSizing of(Map<String, ChurnProfile> profiles, ChurnLimits limits) {
        long average = 0;
        long peak = 0;
        int disks = 0;
        List<OverLimit> over = new ArrayList<>();
        for (Map.Entry<String, ChurnProfile> entry : profiles.entrySet()) {
            ChurnProfile profile = entry.getValue();
            average += profile.averageBytesPerSecond();
            peak += profile.peakBytesPerSecond();
            disks += profile.disks().size();
            if (profile.peakBytesPerSecond() > limits.machinePeak()) {
                over.add(new OverLimit(entry.getKey(), null, profile.peakBytesPerSecond(),
                        "exceeds the per-machine limit"));
            }
            for (ProfiledDisk disk : profile.disks()) {
                DiskFit fit = disk.fit(limits);
                if (fit != DiskFit.STANDARD) {
                    over.add(new OverLimit(entry.getKey(), disk.disk(), disk.peakBytesPerSecond(), fit.name()));
                }
            }
        }
        return new FleetSizing(profiles.size(), disks, Sizing.of(average, peak, 0, limits), List.copyOf(over), limits);
    }
}
