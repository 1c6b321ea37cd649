package org.lifeboat.monitoring;

import java.time.Instant;
import java.util.List;

/** The state of every part of the server at one moment. */
public record HealthReport(Instant checkedAt, List<PartHealth> parts) {

    public boolean allUp() {
        return parts.stream().allMatch(PartHealth::up);
    }

    public List<String> failingParts() {
        return parts.stream().filter(p -> !p.up()).map(PartHealth::part).toList();
    }
}
