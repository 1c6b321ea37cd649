package org.lifeboat.recoveryplan;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import org.lifeboat.failover.FailoverSettings;
import org.lifeboat.job.Job;
import org.lifeboat.job.JobContext;
import org.lifeboat.job.JobFailedException;
import org.lifeboat.job.JobId;
import org.lifeboat.job.JobRunner;
import org.lifeboat.job.JobState;
import org.lifeboat.job.JobStepState;
import org.lifeboat.job.JobSuspension;
import org.lifeboat.job.JobRepository;
import org.lifeboat.shared.ConflictException;
import org.lifeboat.shared.InvalidRequestException;
import org.lifeboat.shared.ItemNotFoundException;

/**
 * Runs a recovery plan's action as one job: the plan's pre actions, then boot group after boot group (its pre
 * actions, its items' own failover jobs started together and awaited, its post actions), then the plan's post
 * actions. A script that fails or times out, or an item whose job fails, stops the plan (after the rest of that
 * group's items end); an item whose state does not allow the action is skipped with the reason. A manual
 * action suspends the job until {@link #resume}, which also works after a restart (the run is stored).
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class RecoveryPlanJobs {

    /** Description of a job waiting on a manual action, as ASR says it. */
    public static final String WAITING = "WaitingForManualAction";
    static final int MAX_COMMENTS = 1000;
    /** How long a plan waits for one group's item jobs (a Latest point alone may take ten minutes). */
    private static final Duration ITEMS_LIMIT = Duration.ofHours(2);
    private static final Duration POLL = Duration.ofMillis(500);
    private static final Logger LOG = Logger.getLogger(RecoveryPlanJobs.class.getName());

    @EJB
    private RecoveryPlanRepository plans;

    @EJB
    private JobRunner runner;

    @EJB
    private JobRepository jobs;

    @EJB
    private PlanItemActions items;

    /** Starts the plan's action: a 202 job, or 404/409/400 with nothing started. */
    public Job start(String plan, PlanRequest request) {
        items.check(request, plans.find(plan).definition().items());
        if (request.networkId() != null) {
            FailoverSettings.checkedNetworkId("networkId", request.networkId());
        }
        if (request.comments() != null && request.comments().length() > MAX_COMMENTS) {
            throw new InvalidRequestException("comments", "comments are at most " + MAX_COMMENTS + " characters");
        }
        PlanDefinition definition = plans.claim(plan, request);
        List<PlanStage> stages = PlanStage.of(definition, request.operation().runsActions());
        Job job;
        try {
            job = runner.submit(request.operation().jobKind(), plan, PlanStage.steps(stages),
                    context -> run(context, plan, request, stages, 0, null));
        } catch (RuntimeException e) {
            plans.released(plan);
            throw e;
        }
        plans.started(plan, job.getId());
        return job;
    }

    /** Goes on with a plan's job suspended on a manual action, recording the comments with that action. */
    public Job resume(JobId id, String comments) {
        if (comments != null && comments.length() > MAX_COMMENTS) {
            throw new InvalidRequestException("comments", "comments are at most " + MAX_COMMENTS + " characters");
        }
        Job job = jobs.find(id);
        PlanRun run = plans.runOf(id).orElseThrow(() -> new ConflictException("job " + id + " is "
                + job.getState().name().toLowerCase(java.util.Locale.ROOT)
                + ", not a suspended recovery plan job: only those can be resumed"));
        if (job.getState() != JobState.SUSPENDED) {
            throw new ConflictException("job " + id + " is " + job.getState().name().toLowerCase(java.util.Locale.ROOT)
                    + ", not suspended: only a suspended job can be resumed");
        }
        String plan = run.planName();
        PlanRequest request = run.request();
        List<PlanStage> stages = PlanStage.of(plans.find(plan).definition(), request.operation().runsActions());
        int from = run.resumeAt();
        return runner.resume(id, context -> run(context, plan, request, stages, from, comments == null ? ""
                : comments));
    }

    // --- the run ---------------------------------------------------------------------------------------

    private String run(JobContext job, String plan, PlanRequest request, List<PlanStage> stages, int from,
                       String resumedWith) throws Exception {
        if (resumedWith != null && from > 0 && stages.get(from - 1) instanceof PlanStage.Action manual) {
            job.stepEnded(manual.step(), JobStepState.SUCCEEDED, "done, resumed" + (resumedWith.isBlank() ? ""
                    : "; comments: " + resumedWith));
        }
        int done = 0;
        int skipped = 0;
        for (int i = from; i < stages.size(); i++) {
            PlanStage stage = stages.get(i);
            if (stage instanceof PlanStage.GroupStart start) {
                job.stepStarted(PlanStage.groupStep(start.group()));
            } else if (stage instanceof PlanStage.GroupEnd end) {
                job.stepEnded(PlanStage.groupStep(end.group()), JobStepState.SUCCEEDED, "every item of the group is "
                        + "done");
            } else if (stage instanceof PlanStage.Action action) {
                if (action.action().kind() == PlanAction.Kind.MANUAL) {
                    job.stepStarted(action.step());
                    plans.suspendedBefore(plan, i + 1);
                    throw new JobSuspension(WAITING + ": " + action.action().text());
                }
                script(job, plan, request, stages, action);
            } else if (stage instanceof PlanStage.Items group) {
                int[] counts = items(job, group, request);
                done += counts[0];
                skipped += counts[1];
            }
            job.progress(100 * (i + 1) / stages.size());
        }
        return "Recovery plan '" + plan + "': " + request.operation().apiName() + " done" + (from > 0
                ? " (since resumed)" : "") + ": " + done + " item(s) done, " + skipped + " skipped";
    }

    private void script(JobContext job, String plan, PlanRequest request, List<PlanStage> stages,
                        PlanStage.Action action) throws Exception {
        String step = action.step();
        job.stepStarted(step);
        ScriptRun.Outcome outcome;
        try {
            ScriptsDirectory scripts = plans.scripts();
            Path script = scripts.resolve("script", action.action().script());
            outcome = ScriptRun.run(script, scripts.dir(), action.action().timeout(),
                    environment(job, plan, request, stages, action));
        } catch (InvalidRequestException | java.io.IOException e) {
            job.stepEnded(step, JobStepState.FAILED, e.getMessage());
            throw new JobFailedException(step + " failed: " + e.getMessage(), e);
        }
        if (!outcome.succeeded()) {
            job.stepEnded(step, JobStepState.FAILED, outcome.summary());
            throw new JobFailedException(step + " failed: " + outcome.summary());
        }
        job.stepEnded(step, JobStepState.SUCCEEDED, outcome.summary());
    }

    /** What a script learns of the run: plan, group, failover type and direction, items and their artifacts. */
    private Map<String, String> environment(JobContext job, String plan, PlanRequest request, List<PlanStage> stages,
                                            PlanStage.Action action) {
        List<String> scope = new ArrayList<>();
        for (PlanStage stage : stages) {
            if (stage instanceof PlanStage.Items group && (action.group() == 0 || group.group() == action.group())) {
                scope.addAll(group.items());
            }
        }
        StringBuilder artifacts = new StringBuilder();
        for (String item : scope) {
            String where;
            try {
                where = items.artifacts(item, request.operation());
            } catch (ItemNotFoundException e) {
                where = null; // the item went since the plan was stored
            }
            if (where != null) {
                artifacts.append(item).append('=').append(where).append('\n');
            }
        }
        Map<String, String> env = new LinkedHashMap<>();
        env.put("LIFEBOAT_PLAN", plan);
        env.put("LIFEBOAT_JOB_ID", job.id().toString());
        env.put("LIFEBOAT_GROUP", action.group() == 0 ? "" : Integer.toString(action.group()));
        env.put("LIFEBOAT_ACTION_PHASE", action.pre() ? "pre" : "post");
        env.put("LIFEBOAT_FAILOVER_TYPE", request.operation().apiName());
        env.put("LIFEBOAT_FAILOVER_DIRECTION", request.direction());
        env.put("LIFEBOAT_RECOVERY_POINT_TYPE", request.choice().type().apiName());
        env.put("LIFEBOAT_ITEMS", String.join(" ", scope));
        env.put("LIFEBOAT_FAILOVER_ARTIFACTS", artifacts.toString());
        return env;
    }

    /** Starts every item's job of the group, then waits for all. @return items done and skipped */
    private int[] items(JobContext job, PlanStage.Items group, PlanRequest request) throws InterruptedException {
        Map<String, JobId> running = new LinkedHashMap<>();
        int skipped = 0;
        for (String item : group.items()) {
            String step = group.step(item);
            job.stepStarted(step);
            try {
                running.put(item, items.start(item, request).getId());
            } catch (ConflictException | ItemNotFoundException e) {
                job.stepEnded(step, JobStepState.SKIPPED, "skipped: " + e.getMessage());
                skipped++;
            } catch (RuntimeException e) {
                job.stepEnded(step, JobStepState.FAILED, "not started: " + e.getMessage());
                running.put(item, null);
            }
        }
        List<String> failed = new ArrayList<>();
        running.forEach((item, id) -> {
            if (id == null) {
                failed.add(item);
            }
        });
        running.values().removeIf(id -> id == null);
        Instant deadline = Instant.now().plus(ITEMS_LIMIT);
        while (!running.isEmpty()) {
            for (var it = running.entrySet().iterator(); it.hasNext(); ) {
                var entry = it.next();
                Job itemJob = jobs.find(entry.getValue());
                if (itemJob.getState().isFinal()) {
                    boolean ok = itemJob.getState() == JobState.SUCCEEDED;
                    job.stepEnded(group.step(entry.getKey()), ok ? JobStepState.SUCCEEDED : JobStepState.FAILED,
                            "job " + itemJob.getId() + ": " + (ok ? itemJob.getResult() : itemJob.getError()));
                    if (!ok) {
                        failed.add(entry.getKey() + " (" + itemJob.getError() + ")");
                    }
                    it.remove();
                }
            }
            if (!running.isEmpty()) {
                if (Instant.now().isAfter(deadline)) {
                    LOG.warning("Recovery plan job " + job.id() + " stopped waiting for " + running);
                    throw new JobFailedException("group " + group.group() + ": the jobs of " + running.keySet()
                            + " did not end within " + ITEMS_LIMIT.toMinutes() + " minutes: " + running.values());
                }
                Thread.sleep(POLL.toMillis());
            }
        }
        if (!failed.isEmpty()) {
            throw new JobFailedException("group " + group.group() + ": " + String.join("; ", failed)
                    + "; the plan stopped before the next group");
        }
        return new int[] {group.items().size() - skipped, skipped};
    }
}
