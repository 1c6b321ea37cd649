package org.lifeboat.web.api;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import java.time.Instant;
import java.util.List;
import jakarta.ejb.EJB;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.lifeboat.monitoring.Health;
import org.lifeboat.monitoring.HealthReason;
import org.lifeboat.monitoring.ProcessServerStatus;
import org.lifeboat.monitoring.ProcessServerStatusService;
import org.lifeboat.shared.ItemNotFoundException;

/** {@code /api/v1/processServers}: the process servers (today the built-in one) and their figures. */
@Tag(name = "Process servers", description = "Cache, backlog, throughput and connected agents")
@SecurityRequirement(name = LifeboatApi.BASIC)
@Path("processServers")
@Produces(MediaType.APPLICATION_JSON)
public class ProcessServerResource {

    @EJB
    private ProcessServerStatusService processServers;

    @GET
    @Operation(summary = "List the process servers")
    @APIResponse(responseCode = "200", description = "The process servers",
            content = @Content(schema = @Schema(type = SchemaType.ARRAY, implementation = ProcessServerDto.class)))
    @APIResponse(responseCode = "401", description = "No administrator login")
    public List<ProcessServerDto> all() {
        return List.of(ProcessServerDto.of(processServers.status()));
    }

    @GET
    @Path("{name}")
    @Operation(summary = "Read a process server")
    @APIResponse(responseCode = "200", description = "The process server",
            content = @Content(schema = @Schema(implementation = ProcessServerDto.class)))
    @APIResponse(responseCode = "401", description = "No administrator login")
    @APIResponse(responseCode = "404", description = "No such process server",
            content = @Content(schema = @Schema(implementation = ApiError.class)))
    public ProcessServerDto one(@PathParam("name") String name) {
        ProcessServerStatus status = processServers.status();
        if (!status.name().equals(name)) {
            throw new ItemNotFoundException("no process server '" + name + "'");
        }
        return ProcessServerDto.of(status);
    }

    /** A process server as the API shows it; {@code projectedDrainSeconds} null when uploads stalled. */
    @Schema(description = "A process server: heartbeat, cache size and free percent, upload backlog and projected drain time, throughput, connected agents")
    public record ProcessServerDto(String name, String replicationAddress, Instant heartbeatAt,
                                   long cacheCapacityBytes, long cacheUsedBytes, double cacheFreePercent,
                                   long uploadBacklogBytes, Long projectedDrainSeconds, long ingestBytesPerSecond,
                                   long uploadBytesPerSecond, int connectedAgents, Health health,
                                   List<HealthReason> reasons) {
        public static ProcessServerDto of(ProcessServerStatus s) {
            return new ProcessServerDto(s.name(), s.replicationAddress(), s.heartbeatAt(), s.cacheCapacityBytes(),
                    s.cacheUsedBytes(), s.cacheFreePercent(), s.uploadBacklogBytes(), s.projectedDrainSeconds(),
                    s.ingestBytesPerSecond(), s.uploadBytesPerSecond(), s.connectedAgents(), s.health(), s.reasons());
        }
    }
}
