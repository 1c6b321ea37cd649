package org.lifeboat.web.api;

import java.time.Instant;
import java.util.List;
import jakarta.ejb.EJB;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.lifeboat.monitoring.ProcessServerStatus;
import org.lifeboat.monitoring.ProcessServerStatusService;
import org.lifeboat.shared.ItemNotFoundException;

/** {@code /api/v1/processServers}: the process servers (today the built-in one) and their figures. */
@Path("processServers")
@Produces(MediaType.APPLICATION_JSON)
public class ProcessServerResource {

    @EJB
    private ProcessServerStatusService processServers;

    @GET
    public List<ProcessServerDto> all() {
        return List.of(ProcessServerDto.of(processServers.status()));
    }

    @GET
    @Path("{name}")
    public ProcessServerDto one(@PathParam("name") String name) {
        ProcessServerStatus status = processServers.status();
        if (!status.name().equals(name)) {
            throw new ItemNotFoundException("no process server '" + name + "'");
        }
        return ProcessServerDto.of(status);
    }

    /** A process server as the API shows it; {@code projectedDrainSeconds} null when uploads stalled. */
    public record ProcessServerDto(String name, String replicationAddress, Instant heartbeatAt,
                                   long cacheCapacityBytes, long cacheUsedBytes, double cacheFreePercent,
                                   long uploadBacklogBytes, Long projectedDrainSeconds, long ingestBytesPerSecond,
                                   long uploadBytesPerSecond, int connectedAgents) {
        static ProcessServerDto of(ProcessServerStatus s) {
            return new ProcessServerDto(s.name(), s.replicationAddress(), s.heartbeatAt(), s.cacheCapacityBytes(),
                    s.cacheUsedBytes(), s.cacheFreePercent(), s.uploadBacklogBytes(), s.projectedDrainSeconds(),
                    s.ingestBytesPerSecond(), s.uploadBytesPerSecond(), s.connectedAgents());
        }
    }
}
