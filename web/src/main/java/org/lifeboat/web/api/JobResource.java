package org.lifeboat.web.api;

import java.net.URI;
import java.util.List;
import jakarta.ejb.EJB;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.lifeboat.job.Job;
import org.lifeboat.job.JobFilter;
import org.lifeboat.job.JobId;
import org.lifeboat.job.Jobs;
import org.lifeboat.shared.InvalidRequestException;
import org.lifeboat.shared.ItemNotFoundException;

/** {@code /api/v1/jobs}: every long operation, newest first, filtered by state, kind and target. */
@Path("jobs")
@Produces(MediaType.APPLICATION_JSON)
public class JobResource {

    @EJB
    private Jobs jobs;

    @GET
    public List<JobDto> list(@QueryParam("state") String state, @QueryParam("kind") String kind,
                             @QueryParam("target") String target, @QueryParam("max") @DefaultValue("100") String max) {
        int limit;
        try {
            limit = Integer.parseInt(max);
        } catch (NumberFormatException e) {
            throw new InvalidRequestException("max", "max is a number between 1 and " + JobFilter.MAX);
        }
        return jobs.list(new JobFilter(JobFilter.state(state), kind, target, limit)).stream().map(JobDto::of).toList();
    }

    @GET
    @Path("{id}")
    public JobDto job(@PathParam("id") String id) {
        return JobDto.of(jobs.find(JobId.parse(id).orElseThrow(() -> new ItemNotFoundException("no job " + id))));
    }

    /** {@code 202 Accepted}, {@code Location: .../api/v1/jobs/{id}}, and the job: how long operations answer. */
    static Response accepted(UriInfo uri, Job job) {
        URI location = uri.getBaseUriBuilder().path("jobs").path(job.getId().toString()).build();
        return Response.accepted(JobDto.of(job)).location(location).build();
    }
}
