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
 * @param disksOverLimit    the disks above the standard-like per-disk limit
 * @param machinesOverLimit the machines above the per-machine limit
 */
public record FleetSizing(int machines, int disks, Sizing sizing, List<DiskOverLimit> disksOverLimit,
                          List<MachineOverLimit> machinesOverLimit, ChurnLimits limits) {

    /** A disk that fits only a premium target disk ({@link DiskFit#PREMIUM}) or none ({@link DiskFit#EXCEEDS}). */
    public record DiskOverLimit(String machine, String disk, long peakBytesPerSecond, DiskFit fit) {
    }

    public record MachineOverLimit(String machine, long peakBytesPerSecond) {
    }

    public static FleetSizing of(Map<String, ChurnProfile> profiles, ChurnLimits limits) {
        long average = 0;
        long peak = 0;
        int disks = 0;
        List<DiskOverLimit> overDisks = new ArrayList<>();
        List<MachineOverLimit> overMachines = new ArrayList<>();
        for (Map.Entry<String, ChurnProfile> entry : profiles.entrySet()) {
            ChurnProfile profile = entry.getValue();
            average += profile.averageBytesPerSecond();
            peak += profile.peakBytesPerSecond();
            disks += profile.disks().size();
            if (profile.peakBytesPerSecond() > limits.machinePeak()) {
                overMachines.add(new MachineOverLimit(entry.getKey(), profile.peakBytesPerSecond()));
            }
            for (ProfiledDisk disk : profile.disks()) {
                DiskFit fit = disk.fit(limits);
                if (fit != DiskFit.STANDARD) {
                    overDisks.add(new DiskOverLimit(entry.getKey(), disk.disk(), disk.peakBytesPerSecond(), fit));
                }
            }
        }
        return new FleetSizing(profiles.size(), disks, Sizing.of(average, peak, 0, limits), List.copyOf(overDisks),
                List.copyOf(overMachines), limits);
    }
}
