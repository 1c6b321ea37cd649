package org.lifeboat.bootverification;

import java.time.Duration;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.lifeboat.shared.InvalidRequestException;

/**
 * What to boot and what counts as booted: the console marker, an optional probe command typed into the
 * serial console once the marker came, the time limit, and which disk boots (null: the first by path).
 */
public record BootRequest(Pattern marker, String probe, Duration timeLimit, String bootDiskId) {

    /** A login prompt, or the kernel handing over to the initramfs' /init. */
    public static final String DEFAULT_MARKER = "login: ?$|Run /init as init process";
    static final int MAX_MARKER_CHARS = 512;
    static final int MAX_PROBE_CHARS = 1024;

    /**
     * Validates what an operator sent; null means the default.
     *
     * @throws InvalidRequestException naming the field that is wrong
     */
    public static BootRequest of(String marker, String probe, Long timeLimitSeconds, String bootDiskId) {
        return new BootRequest(marker(marker), probe(probe), timeLimit(timeLimitSeconds),
                bootDiskId == null || bootDiskId.isBlank() ? null : bootDiskId);
    }

    private static Pattern marker(String marker) {
        if (marker == null) {
            return Pattern.compile(DEFAULT_MARKER);
        }
        if (marker.isBlank() || marker.length() > MAX_MARKER_CHARS) {
            throw new InvalidRequestException("marker", "a regular expression of 1 to " + MAX_MARKER_CHARS
                    + " characters is needed");
        }
        try {
            Pattern pattern = Pattern.compile(marker);
            if (pattern.matcher("").find()) {
                throw new InvalidRequestException("marker", "the marker matches an empty console line, so it "
                        + "proves nothing: " + marker);
            }
            return pattern;
        } catch (PatternSyntaxException e) {
            throw new InvalidRequestException("marker", "not a regular expression: " + e.getDescription());
        }
    }

    private static String probe(String probe) {
        if (probe == null) {
            return null;
        }
        if (probe.isBlank() || probe.length() > MAX_PROBE_CHARS || probe.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            throw new InvalidRequestException("probe", "one line of 1 to " + MAX_PROBE_CHARS
                    + " characters without control characters is needed");
        }
        return probe;
    }

    private static Duration timeLimit(Long seconds) {
        if (seconds == null) {
            return BootVerificationSettings.timeLimit();
        }
        Duration max = BootVerificationSettings.maxTimeLimit();
        if (seconds < 10 || seconds > max.toSeconds()) {
            throw new InvalidRequestException("timeLimitSeconds", "between 10 and " + max.toSeconds()
                    + " seconds, not " + seconds);
        }
        return Duration.ofSeconds(seconds);
    }
}
