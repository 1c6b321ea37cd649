package org.lifeboat.processserver;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The disks the stages are failing on, each stage with its own back-off, for the stages (which skip a
 * disk until it is due again) and for its item's health (Critical, with the reason, from the
 * {@value #REPORTED_AFTER}rd failure in a row on: one failure is often a blip the next round does not
 * see, and initial replication is not slowed by retries of a second).
 */
@ApplicationScoped
public class StageFailures {

    static final int REPORTED_AFTER = 3;
    private static final int REASON_CHARS = 300;

    private final Map<Stage, DiskBackOff> stages = new EnumMap<>(Stage.class);

    public StageFailures() {
        for (Stage stage : Stage.values()) {
            stages.put(stage, new DiskBackOff());
        }
    }

    DiskBackOff of(Stage stage) {
        return stages.get(stage);
    }

    /** Why the disk is not getting through, one sentence per failing stage; empty when it is fine. */
    public List<String> of(String diskId, Instant now) {
        List<String> failing = new ArrayList<>();
        stages.forEach((stage, backOff) -> backOff.failure(diskId).filter(f -> f.attempts() >= REPORTED_AFTER)
                .ifPresent(f -> failing.add(stage.doing() + " failed " + f.attempts() + " times in a row since "
                        + f.since() + " (next try in " + Math.max(0, Duration.between(now, f.retryAt()).toSeconds())
                        + " s): " + f.reason())));
        return failing;
    }

    /** How many disks some stage has failed on {@value #REPORTED_AFTER} times in a row or more. */
    public int failingDisks() {
        return (int) stages.values().stream().flatMap(backOff -> backOff.all().entrySet().stream())
                .filter(e -> e.getValue().attempts() >= REPORTED_AFTER).map(Map.Entry::getKey).distinct().count();
    }

    /** A failure in a few words: the exception's message and, if it says more, its root cause's. */
    static String reason(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String top = firstLine(e);
        String text = root == e || firstLine(root).equals(top) ? top : top + ": " + firstLine(root);
        return text.length() <= REASON_CHARS ? text : text.substring(0, REASON_CHARS) + "...";
    }

    private static String firstLine(Throwable e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().strip();
        int end = message.indexOf('\n');
        return end < 0 ? message : message.substring(0, end);
    }
}
