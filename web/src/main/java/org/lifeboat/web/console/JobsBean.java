package org.lifeboat.web.console;

import java.util.List;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Named;
import org.lifeboat.job.JobFilter;
import org.lifeboat.job.JobRepository;
import org.lifeboat.web.api.JobDto;

/** The jobs page: the newest jobs as {@code GET /api/v1/jobs} serves them, read again on each of the page's polls. */
@Named("jobList")
@RequestScoped
public class JobsBean {

    /** As many as the API lists without a {@code max}. */
    private static final int SHOWN = 100;

    @EJB
    private JobRepository jobs;

    /** A job as the API shows it, and how many of its steps are behind it (done or skipped). */
    public record Row(JobDto job, long stepsDone) {
        static Row of(JobDto job) {
            return new Row(job, job.steps().stream()
                    .filter(s -> "Succeeded".equals(s.state()) || "Skipped".equals(s.state())).count());
        }
    }

    public List<Row> getAll() {
        return jobs.list(new JobFilter(null, null, null, SHOWN)).stream().map(JobDto::of).map(Row::of).toList();
    }
}
