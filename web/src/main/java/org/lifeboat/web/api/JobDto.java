package org.lifeboat.web.api;

import org.eclipse.microprofile.openapi.annotations.media.Schema;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.lifeboat.job.Job;
import org.lifeboat.job.JobStep;

/** A job as the API shows it; states read Queued, Running, Suspended, Succeeded, Failed. */
@Schema(description = "A long operation: state Queued, Running, Suspended (description says why: "
        + "WaitingForManualAction and the action), Succeeded or Failed, progress, result or error")
public record JobDto(String id, String kind, String target, String state, int progressPercent, Instant createdAt,
                     Instant startedAt, Instant endedAt, String result, String error, String description,
                     List<Step> steps) {

    /** A step of the job: state NotStarted, InProgress, Succeeded, Failed or Skipped; detail says what it did or why it failed. */
    public record Step(String name, String state, Instant startedAt, Instant endedAt, String detail) {
        static Step of(JobStep step) {
            return new Step(step.getName(), JobDto.name(step.getState()), step.getStartedAt(), step.getEndedAt(),
                    step.getDetail());
        }
    }

    public static JobDto of(Job job) {
        return new JobDto(job.getId().toString(), job.getKind(), job.getTarget(), name(job.getState()),
                job.getProgressPercent(), job.getCreatedAt(), job.getStartedAt(), job.getEndedAt(), job.getResult(),
                job.getError(), job.getDescription(), job.getSteps().stream().map(Step::of).toList());
    }

    /** An enum constant as the API spells it: RUNNING -> Running, NOT_STARTED -> NotStarted. */
    static String name(Enum<?> value) {
        if (value == null) {
            return null;
        }
        StringBuilder out = new StringBuilder();
        for (String word : value.name().toLowerCase(Locale.ROOT).split("_")) {
            out.append(Character.toUpperCase(word.charAt(0))).append(word.substring(1));
        }
        return out.toString();
    }
}
