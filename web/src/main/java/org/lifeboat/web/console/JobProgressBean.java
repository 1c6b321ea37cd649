package org.lifeboat.web.console;

import java.io.Serializable;
import jakarta.ejb.EJB;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import org.lifeboat.job.JobId;
import org.lifeboat.job.JobRepository;
import org.lifeboat.recoveryplan.RecoveryPlanJobs;
import org.lifeboat.shared.ItemNotFoundException;
import org.lifeboat.web.api.JobDto;

/**
 * One job's page, also a recovery plan's run view: state, progress and steps (with what each did, a script's
 * output included), read again on each poll, and the resume of a plan's job waiting for a manual action, through
 * the same service as {@code POST /jobs/{id}/resume}.
 */
@Named("jobProgress")
@ViewScoped
public class JobProgressBean implements Serializable {

    private static final long serialVersionUID = 1L;

    /** The form's id: the resume's comments input is form:comments, the API's field. */
    private static final String FORM = "job";

    @EJB
    private JobRepository jobs;

    @EJB
    private RecoveryPlanJobs planJobs;

    @Inject
    private ConsoleMessages messages;

    private String id;
    private JobDto job;
    private String comments;

    /** After the view parameter is set; an unknown or malformed id shows the API's 404 message. */
    public void load() {
        job = messages.attempt((String) null, () -> JobDto.of(jobs.find(jobId()))).orElse(null);
    }

    /** Whether the job waits for the operator: a plan's manual action (the description says which). */
    public boolean isWaiting() {
        return job != null && "Suspended".equals(job.state());
    }

    public void resume() {
        messages.attempt(FORM, () -> planJobs.resume(jobId(), comments == null || comments.isBlank() ? null
                : comments)).ifPresent(resumed -> {
                    messages.info("Resumed: the plan goes on after the manual action.");
                    comments = null;
                    job = JobDto.of(resumed);
                });
    }

    private JobId jobId() {
        return JobId.parse(id).orElseThrow(() -> new ItemNotFoundException("no job " + id));
    }

    public JobDto getJob() {
        return job;
    }

    public String getId() {
        return id;
    }

    public void setId(String id) {
        this.id = id;
    }

    public String getComments() {
        return comments;
    }

    public void setComments(String comments) {
        this.comments = comments;
    }
}
