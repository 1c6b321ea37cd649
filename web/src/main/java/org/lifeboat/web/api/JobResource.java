package org.lifeboat.web.api;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import java.net.URI;
import java.util.List;
import jakarta.ejb.EJB;
import jakarta.ws.rs.DefaultValue;
import jakarta.json.JsonObject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.lifeboat.failover.Failovers;
import org.lifeboat.job.Job;
import org.lifeboat.job.JobFilter;
import org.lifeboat.job.JobId;
import org.lifeboat.job.JobRepository;
import org.lifeboat.recoveryplan.RecoveryPlanJobs;
import org.lifeboat.shared.InvalidRequestException;
import org.lifeboat.shared.ItemNotFoundException;

/** {@code /api/v1/jobs}: every long operation, newest first, filtered by state, kind and target. */
@Tag(name = "JobRepository", description = "Every long operation, with its progress and result")
@SecurityRequirement(name = LifeboatApi.BASIC)
@Path("jobs")
@Produces(MediaType.APPLICATION_JSON)
public class JobResource {

    @EJB
    private JobRepository jobs;

    @EJB
    private Failovers failovers;

    @EJB
    private RecoveryPlanJobs planJobs;

    @Context
    private UriInfo uri;

    @GET
    @Operation(summary = "List jobs, newest first", description = "Filters: state (Queued, Running, Suspended, Succeeded, Failed), kind, target, max.")
    @APIResponse(responseCode = "200", description = "The jobs",
            content = @Content(schema = @Schema(type = SchemaType.ARRAY, implementation = JobDto.class)))
    @APIResponse(responseCode = "400", description = "A filter is invalid",
            content = @Content(schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "401", description = "No administrator login")
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
    @Operation(summary = "Read a job: state, progress, start and end, result or error")
    @APIResponse(responseCode = "200", description = "The job",
            content = @Content(schema = @Schema(implementation = JobDto.class)))
    @APIResponse(responseCode = "401", description = "No administrator login")
    @APIResponse(responseCode = "404", description = "No such job",
            content = @Content(schema = @Schema(implementation = ApiError.class)))
    public JobDto job(@PathParam("id") String id) {
        return JobDto.of(jobs.find(JobId.parse(id).orElseThrow(() -> new ItemNotFoundException("no job " + id))));
    }

    @POST
    @Path("{id}/resume")
    @Operation(summary = "Resume a recovery plan's job suspended on a manual action (WaitingForManualAction)",
            description = "Body (optional): comments, recorded with the manual action's step.")
    @APIResponse(responseCode = "202", description = "Running again; Location is the job",
            content = @Content(schema = @Schema(implementation = JobDto.class)))
    @APIResponse(responseCode = "404", description = "No such job",
            content = @Content(schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "409", description = "The job is not suspended",
            content = @Content(schema = @Schema(implementation = ApiError.class)))
    public Response resume(@PathParam("id") String id, String body) {
        JsonObject request = FailoverResource.body(body);
        JsonRequests.onlyFields(request, java.util.Set.of("comments"), "resume takes comments");
        return accepted(uri, planJobs.resume(JobId.parse(id).orElseThrow(() -> new ItemNotFoundException("no job "
                + id)), FailoverResource.text(request, "comments")));
    }

    @GET
    @Path("{id}/deployment")
    @Operation(summary = "The ARM template a failover job made (testFailover, unplannedFailover, applyRecoveryPoint)")
    @APIResponse(responseCode = "200", description = "The template")
    @APIResponse(responseCode = "404", description = "No such job, or its deployment is gone (cleaned up, cancelled)",
            content = @Content(schema = @Schema(implementation = ApiError.class)))
    public Response deployment(@PathParam("id") String id) {
        return deployment(id, false);
    }

    @GET
    @Path("{id}/deployment/parameters")
    @Operation(summary = "The ARM parameters file a failover job made")
    @APIResponse(responseCode = "200", description = "The parameters")
    @APIResponse(responseCode = "404", description = "No such job, or its deployment is gone",
            content = @Content(schema = @Schema(implementation = ApiError.class)))
    public Response deploymentParameters(@PathParam("id") String id) {
        return deployment(id, true);
    }

    private Response deployment(String id, boolean parameters) {
        Job job = jobs.find(JobId.parse(id).orElseThrow(() -> new ItemNotFoundException("no job " + id)));
        return FailoverResource.file(failovers.deploymentOf(job, parameters).orElseThrow(() ->
                new ItemNotFoundException("job " + id + " has no ARM deployment (now)")), job.getTarget() + "-" + id,
                parameters);
    }

    /** {@code 202 Accepted}, {@code Location: .../api/v1/jobs/{id}}, and the job: how long operations answer. */
    static Response accepted(UriInfo uri, Job job) {
        URI location = uri.getBaseUriBuilder().path("jobs").path(job.getId().toString()).build();
        return Response.accepted(JobDto.of(job)).location(location).build();
    }
}
