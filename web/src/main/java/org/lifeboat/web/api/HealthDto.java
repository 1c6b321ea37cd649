package org.lifeboat.web.api;

import java.time.Instant;
import java.util.List;
import org.lifeboat.monitoring.HealthReport;
import org.lifeboat.monitoring.PartHealth;

/** The health report as the API shows it. */
public record HealthDto(String status, Instant checkedAt, List<String> failing, List<PartDto> parts) {

    public record PartDto(String name, String status, String detail) {
        static PartDto of(PartHealth part) {
            return new PartDto(part.part(), part.up() ? "UP" : "DOWN", part.detail());
        }
    }

    static HealthDto of(HealthReport report) {
        return new HealthDto(report.allUp() ? "UP" : "DOWN", report.checkedAt(), report.failingParts(),
                report.parts().stream().map(PartDto::of).toList());
    }
}
