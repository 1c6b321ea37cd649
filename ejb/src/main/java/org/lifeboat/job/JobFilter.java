package org.lifeboat.job;

import org.lifeboat.shared.InvalidRequestException;

/** Which jobs to list: each criterion is optional; newest first, at most {@code max}. */
public record JobFilter(JobState state, String kind, String target, int max) {

    public static final int MAX = 1000;

    public JobFilter {
        if (max < 1 || max > MAX) {
            throw new InvalidRequestException("max", "max is between 1 and " + MAX);
        }
        if (kind != null && (kind.isBlank() || kind.length() > 64)) {
            throw new InvalidRequestException("kind", "kind is a job kind of at most 64 characters");
        }
        if (target != null && (target.isBlank() || target.length() > 255)) {
            throw new InvalidRequestException("target", "target is at most 255 characters");
        }
    }

    /** Reads a state as the API spells it (Queued, Running, Suspended, Succeeded, Failed; any case). */
    public static JobState state(String text) {
        if (text == null) {
            return null;
        }
        try {
            return JobState.valueOf(text.toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException("state", "state is one of Queued, Running, Suspended, Succeeded, Failed");
        }
    }
}
