package org.lifeboat.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * One code path behind REST, JMX and metrics: for a replicating item, its MBean shows the figures
 * {@code GET /protectedItems/{item}} shows, the vault MBean counts items by health as REST does,
 * {@code /metrics} carries the item's RPO, and the MBean goes when the item does.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MonitoringParityIT {

    private static final String ITEM = "parity-it";

    @TempDir
    static Path dir;

    private ReplicatingMachine machine;
    private ObjectName mbean;

    @BeforeAll
    void replicate() throws Exception {
        machine = ReplicatingMachine.start(dir, ITEM, null);
        mbean = new ObjectName("lifeboat:type=ProtectedItem,name=" + ITEM);
    }

    @AfterAll
    void stop() throws Exception {
        if (machine != null) {
            machine.close();
        }
    }

    @Test
    void theItemMBeanShowsTheRestFigures() throws Exception {
        try (JMXConnector connector = Jmx.connect()) {
            MBeanServerConnection jmx = connector.getMBeanServerConnection();
            awaitRegistered(jmx, true);
            // figures move with time and traffic: compare a JMX reading with two REST readings around it that agree
            for (int attempt = 1; ; attempt++) {
                JsonObject before = machine.status();
                long jmxRpo = (Long) jmx.getAttribute(mbean, "RpoSeconds");
                String health = (String) jmx.getAttribute(mbean, "Health");
                String[] reasons = (String[]) jmx.getAttribute(mbean, "HealthReasons");
                int initial = (Integer) jmx.getAttribute(mbean, "InitialReplicationPercent");
                long pending = (Long) jmx.getAttribute(mbean, "PendingBytes");
                long throughput = (Long) jmx.getAttribute(mbean, "ThroughputBytesPerSecond");
                int threshold = (Integer) jmx.getAttribute(mbean, "RpoThresholdMinutes");
                String policy = (String) jmx.getAttribute(mbean, "Policy");
                JsonObject after = machine.status();
                if (!stable(before).equals(stable(after)) && attempt < 20) {
                    Thread.sleep(300);
                    continue;
                }
                long restRpoBefore = before.getJsonNumber("rpoSeconds").longValue();
                long restRpoAfter = after.getJsonNumber("rpoSeconds").longValue();
                assertTrue(jmxRpo >= restRpoBefore && jmxRpo <= restRpoAfter,
                        "JMX RPO " + jmxRpo + " outside REST's " + restRpoBefore + ".." + restRpoAfter);
                assertEquals(after.getString("health"), health);
                assertEquals(after.getJsonArray("healthReasons").getValuesAs(JsonObject.class).stream()
                        .map(r -> r.getString("message")).toList(), Arrays.asList(reasons));
                assertEquals(after.getInt("initialPercent"), initial);
                assertEquals(after.getJsonNumber("pendingBytes").longValue(), pending);
                assertEquals(after.getJsonNumber("throughputBytesPerSecond").longValue(), throughput);
                assertEquals(after.getInt("rpoThresholdMinutes"), threshold);
                assertEquals(after.getString("policy"), policy);
                assertEquals("Normal", health, after.toString());
                return;
            }
        }
    }

    @Test
    void theVaultMBeanCountsItemsByHealthAsRestShowsThem() throws Exception {
        try (JMXConnector connector = Jmx.connect()) {
            MBeanServerConnection jmx = connector.getMBeanServerConnection();
            ObjectName vault = new ObjectName("lifeboat:type=Vault");
            List<JsonObject> items = JsonBodies.array(LifeboatStack.getAsAdmin("/protectedItems").body())
                    .getValuesAs(JsonObject.class);
            assertEquals(items.size(), jmx.getAttribute(vault, "ProtectedItems"));
            for (String health : List.of("Normal", "Warning", "Critical")) {
                long rest = items.stream().filter(i -> health.equals(i.getString("health"))).count();
                assertEquals((int) rest, jmx.getAttribute(vault, health + "Items"), health);
            }
        }
    }

    @Test
    void metricsShowTheItemsRpo() {
        Pattern gauge = Pattern.compile("(?m)^lifeboat_item_rpo_seconds\\{[^}]*item=\"" + ITEM + "\"[^}]*\\} ([0-9.]+)$");
        Instant deadline = Instant.now().plusSeconds(30);
        String body = "";
        while (Instant.now().isBefore(deadline)) {
            JsonObject before = machine.status();
            HttpResponse<String> metrics = LifeboatStack.get(LifeboatStack.api("/health").resolve("/metrics?scope=application"),
                    null, null);
            JsonObject after = machine.status();
            assertEquals(200, metrics.statusCode(), metrics.body());
            body = metrics.body();
            Matcher rpo = gauge.matcher(body);
            if (rpo.find() && uploaded(before).equals(uploaded(after))) {
                double value = Double.parseDouble(rpo.group(1));
                long restBefore = before.getJsonNumber("rpoSeconds").longValue();
                long restAfter = after.getJsonNumber("rpoSeconds").longValue();
                assertTrue(value >= restBefore && value <= restAfter,
                        "metrics RPO " + value + " outside REST's " + restBefore + ".." + restAfter);
                assertTrue(body.contains("lifeboat_processserver_cache_free_percent"), body);
                return;
            }
            sleep(300);
        }
        throw new AssertionError("no RPO gauge for " + ITEM + " in /metrics:\n" + body);
    }

    @Test
    void processServersShowTheConnectedAgentAndTheCache() {
        HttpResponse<String> response = LifeboatStack.getAsAdmin("/processServers");
        assertEquals(200, response.statusCode(), response.body());
        JsonObject server = JsonBodies.array(response.body()).getJsonObject(0);
        assertEquals("builtin", server.getString("name"));
        assertTrue(server.getInt("connectedAgents") >= 1, server.toString());
        double free = server.getJsonNumber("cacheFreePercent").doubleValue();
        assertTrue(free > 0 && free <= 100, server.toString());
        assertTrue(Instant.parse(server.getString("heartbeatAt")).isAfter(Instant.now().minusSeconds(60)), server.toString());
        assertEquals(404, LifeboatStack.getAsAdmin("/processServers/nope").statusCode());
        assertEquals(401, LifeboatStack.get(LifeboatStack.api("/processServers"), null, null).statusCode());
    }

    @Test
    void theMBeanGoesWithTheItem() throws Exception {
        String other = ITEM + "-gone";
        RegisteredTestAgent.registerAndProtect(other, 1L << 20);
        ObjectName otherBean = new ObjectName("lifeboat:type=ProtectedItem,name=" + other);
        try (JMXConnector connector = Jmx.connect()) {
            MBeanServerConnection jmx = connector.getMBeanServerConnection();
            awaitRegistered(jmx, otherBean, true);
            assertEquals(204, LifeboatStack.sendAsAdmin("DELETE", "/protectedItems/" + other, null).statusCode());
            awaitRegistered(jmx, otherBean, false);
            assertTrue(jmx.isRegistered(mbean), "the other item's bean went too");
        } finally {
            LifeboatStack.sendAsAdmin("DELETE", "/protectedItems/" + other, null);
        }
    }

    private static String stable(JsonObject item) {
        return item.getString("health") + "|" + item.getJsonNumber("pendingBytes") + "|"
                + item.getJsonNumber("throughputBytesPerSecond") + "|" + item.getInt("initialPercent") + "|"
                + item.getJsonArray("healthReasons") + "|" + uploaded(item);
    }

    /** What the RPO is measured from: while it stays, RPO only grows with the clock. */
    private static String uploaded(JsonObject item) {
        return item.getJsonArray("disks").getValuesAs(JsonObject.class).stream()
                .map(d -> d.getString("uploadedSourceTime", "")).toList().toString();
    }

    private void awaitRegistered(MBeanServerConnection jmx, boolean registered) throws Exception {
        awaitRegistered(jmx, mbean, registered);
    }

    private static void awaitRegistered(MBeanServerConnection jmx, ObjectName name, boolean registered)
            throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(40));
        while (jmx.isRegistered(name) != registered) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError(name + (registered ? " not registered" : " still registered") + " after 40 s");
            }
            sleep(500);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

}
