package org.lifeboat.monitoring;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The dashboard's throughput chart: the fastest rates of each minute, the last 6 hours only. */
class ThroughputHistoryTest {

    private static final Instant T0 = Instant.parse("2026-12-02T10:00:00Z");

    private static void sample(ThroughputSampler sampler, long ingest, long upload, Instant at) {
        sampler.remember(new ThroughputSampler.Rates(ingest, upload, Map.of(), at), at);
    }

    @Test
    void keepsTheFastestRatesOfEachMinute() {
        ThroughputSampler sampler = new ThroughputSampler();
        sample(sampler, 100, 50, T0.plusSeconds(5));
        sample(sampler, 300, 10, T0.plusSeconds(15));
        sample(sampler, 20, 70, T0.plusSeconds(25));
        sample(sampler, 1, 2, T0.plusSeconds(65));

        assertEquals(List.of(new ThroughputSampler.Minute(T0, 300, 70), new ThroughputSampler.Minute(T0.plusSeconds(60), 1, 2)),
                sampler.history());
    }

    @Test
    void forgetsWhatIsOlderThanSixHours() {
        ThroughputSampler sampler = new ThroughputSampler();
        sample(sampler, 100, 50, T0);
        sample(sampler, 200, 60, T0.plusSeconds(3 * 3600));
        sample(sampler, 300, 70, T0.plusSeconds(6 * 3600 + 120));

        assertEquals(List.of(new ThroughputSampler.Minute(T0.plusSeconds(3 * 3600), 200, 60),
                new ThroughputSampler.Minute(T0.plusSeconds(6 * 3600 + 120), 300, 70)), sampler.history());
    }
}
