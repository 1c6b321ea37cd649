package org.lifeboat.web.api;

import org.eclipse.microprofile.openapi.annotations.media.Schema;
import java.time.Instant;
import java.util.Locale;
import org.lifeboat.job.Job;
import org.lifeboat.job.JobState;

/** A job as the API shows it; states read Queued, Running, Succeeded, Failed. */
@Schema(description = "A long operation: state Queued, Running, Succeeded or Failed, progress, result or error")
public record JobDto(String id, String kind, String target, String state, int progressPercent, Instant createdAt,
                     Instant startedAt, Instant endedAt, String result, String error) {

    static JobDto of(Job job) {
        return new JobDto(job.getId().toString(), job.getKind(), job.getTarget(), name(job.getState()),
                job.getProgressPercent(), job.getCreatedAt(), job.getStartedAt(), job.getEndedAt(), job.getResult(),
                job.getError());
    }

    static String name(JobState state) {
        if (state == null) {
            return null;
        }
        String lower = state.name().toLowerCase(Locale.ROOT);
        return Character.toUpperCase(lower.charAt(0)) + lower.substring(1);
    }
}
