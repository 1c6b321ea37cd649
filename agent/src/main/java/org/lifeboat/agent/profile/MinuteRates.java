package org.lifeboat.agent.profile;

/**
 * Churn rates from bytes counted per minute since the start of a profile. The average is the
 * bytes over the whole time measured; the peak is the busiest minute's rate. A trailing partial
 * minute counts at its own length once it covers at least 30 s (or is all there is), so a profile
 * stopped a second into a new minute does not report a one-second burst as a minute's rate.
 */
record MinuteRates(long averageBytesPerSecond, long peakBytesPerSecond) {

    private static final double MINUTE = 60;
    private static final double SHORTEST_PARTIAL = 30;

    static MinuteRates of(long[] bytesPerMinute, double elapsedSeconds) {
        if (elapsedSeconds <= 0) {
            return new MinuteRates(0, 0);
        }
        long total = 0;
        double peak = 0;
        for (int minute = 0; minute < bytesPerMinute.length; minute++) {
            total += bytesPerMinute[minute];
            double covered = Math.min(MINUTE, elapsedSeconds - minute * MINUTE);
            boolean only = minute == 0;
            if (covered <= 0 || (covered < SHORTEST_PARTIAL && !only)) {
                continue;
            }
            peak = Math.max(peak, bytesPerMinute[minute] / covered);
        }
        return new MinuteRates(Math.round(total / elapsedSeconds), Math.round(peak));
    }
}
