package org.lifeboat.job;

import java.util.Optional;
import java.util.UUID;

/** A job's identity: a random UUID, shown in {@code /api/v1/jobs/{id}}. */
public record JobId(UUID value) {

    public JobId {
        if (value == null) {
            throw new IllegalArgumentException("a job id needs a value");
        }
    }

    static JobId random() {
        return new JobId(UUID.randomUUID());
    }

    /** The id in this text, or nothing when it is not a UUID (so no such job can exist). */
    public static Optional<JobId> parse(String text) {
        if (text == null || text.length() != 36) {
            return Optional.empty();
        }
        try {
            return Optional.of(new JobId(UUID.fromString(text)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
