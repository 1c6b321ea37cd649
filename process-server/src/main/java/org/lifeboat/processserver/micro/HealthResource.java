package org.lifeboat.processserver.micro;

import java.lang.management.ManagementFactory;
import java.util.LinkedHashMap;
import java.util.Map;
import jakarta.ejb.EJB;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import javax.management.JMX;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;
import org.lifeboat.connector.ReplicationPortMXBean;
import org.lifeboat.processserver.SegmentRepository;
import org.lifeboat.storage.StorageAccount;

/**
 * {@code GET /api/health}: 200 when this process server can do its work (the replication port bound, the shared
 * database and the storage account answer), else 503 naming what fails. The launcher waits for it: Payara Micro
 * prints that it is ready even when the WAR failed to deploy.
 */
@Path("health")
public class HealthResource {

    @EJB
    private SegmentRepository catalog;

    @Inject
    private StorageAccount storage;

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Response health() {
        Map<String, String> failures = new LinkedHashMap<>();
        JsonObjectBuilder body = Json.createObjectBuilder();
        try {
            ReplicationPortMXBean port = JMX.newMXBeanProxy(ManagementFactory.getPlatformMBeanServer(),
                    new ObjectName(ReplicationPortMXBean.OBJECT_NAME), ReplicationPortMXBean.class);
            if (port.isBound()) {
                body.add("replicationPort", port.getPort());
            } else {
                failures.put("replicationPort", "not bound");
            }
        } catch (MalformedObjectNameException | RuntimeException e) {
            failures.put("replicationPort", "the replication resource adapter is not running (" + e.getClass().getSimpleName() + ")");
        }
        try {
            long[] backlog = catalog.backlog();
            body.add("backlogSegments", backlog[0]).add("backlogBytes", backlog[1]);
        } catch (RuntimeException e) {
            failures.put("database", firstLine(e));
        }
        try {
            storage.ensureContainers();
            body.add("storageAccount", storage.accountName());
        } catch (RuntimeException e) {
            failures.put("storage", firstLine(e));
        }
        JsonObjectBuilder problems = Json.createObjectBuilder();
        failures.forEach(problems::add);
        JsonObject json = body.add("status", failures.isEmpty() ? "UP" : "DOWN").add("failures", problems).build();
        return Response.status(failures.isEmpty() ? 200 : 503).entity(json).build();
    }

    private static String firstLine(Exception e) {
        String message = String.valueOf(e.getMessage());
        int end = message.indexOf('\n');
        return e.getClass().getSimpleName() + ": " + (end < 0 ? message : message.substring(0, end));
    }
}
