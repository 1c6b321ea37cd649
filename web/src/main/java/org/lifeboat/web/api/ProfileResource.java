package org.lifeboat.web.api;

import java.net.URI;
import java.util.List;
import jakarta.ejb.EJB;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.lifeboat.profile.MachineName;
import org.lifeboat.profile.ProfileRepository;
import org.lifeboat.profile.ProfileService;

/**
 * {@code /api/v1/profiles}: "will my machines fit?". Each machine's churn profile, as
 * {@code lifeboat agent profile --json} prints it, and the sizing of them all.
 */
@Path("profiles")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Churn profiles", description = "Machines' measured churn and the sizing it needs")
@SecurityRequirement(name = LifeboatApi.BASIC)
public class ProfileResource {

    @EJB
    private ProfileRepository profiles;

    @EJB
    private ProfileService sizing;

    @GET
    @Operation(summary = "List the machines' churn profiles")
    @APIResponse(responseCode = "200", description = "Every machine's latest profile, by name",
            content = @Content(schema = @Schema(type = SchemaType.ARRAY, implementation = ProfileDtos.Machine.class)))
    @APIResponse(responseCode = "401", description = "No administrator login")
    public List<ProfileDtos.Machine> all() {
        return profiles.all().stream().map(p -> ProfileDtos.Machine.of(p, p.profile())).toList();
    }

    @GET
    @Path("summary")
    @Operation(summary = "Size the profiled machines together",
            description = "Total average and peak churn, process servers needed (2 TB of churn a day each), cache "
                    + "(an hour at peak), bandwidth (the peak in bits), the RPO to expect at peak, and the disks and "
                    + "machines over ASR-like limits. See docs/agent.md, \"Churn profiler\".")
    @APIResponse(responseCode = "200", description = "The sizing",
            content = @Content(schema = @Schema(implementation = ProfileDtos.Summary.class)))
    @APIResponse(responseCode = "401", description = "No administrator login")
    public ProfileDtos.Summary summary() {
        return ProfileDtos.Summary.of(sizing.summary());
    }

    @PUT
    @Path("{machine}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "File a machine's churn profile",
            description = "The body is the report `lifeboat agent profile --json` prints; it replaces the machine's "
                    + "last one. Each field is checked; the agent's own verdict is not used.")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON))
    @APIResponse(responseCode = "200", description = "Replaced",
            content = @Content(schema = @Schema(implementation = ProfileDtos.Machine.class)))
    @APIResponse(responseCode = "201", description = "Filed",
            content = @Content(schema = @Schema(implementation = ProfileDtos.Machine.class)))
    @APIResponse(responseCode = "400", description = "A field breaks its rule (named in the error); nothing changed",
            content = @Content(schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "401", description = "No administrator login")
    public Response save(@PathParam("machine") @Parameter(description = "1 to 253 letters, digits, '.', '_' or '-'")
                         String machine, String body) {
        ProfileRepository.Saved saved = profiles.save(new MachineName(machine), JsonRequests.object(body));
        ProfileDtos.Machine filed = ProfileDtos.Machine.of(saved.profile(), saved.churn());
        return saved.created() ? Response.created(URI.create("profiles/" + machine)).entity(filed).build()
                : Response.ok(filed).build();
    }
}
