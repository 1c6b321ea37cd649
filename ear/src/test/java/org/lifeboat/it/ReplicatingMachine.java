package org.lifeboat.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jakarta.json.JsonObject;

/**
 * A protected machine for the monitoring tests: a small sparse disk, the real agent registered with the
 * passphrase and running as a daemon, protected under the given policy, past initial replication.
 */
final class ReplicatingMachine implements AutoCloseable {

    private static final Pattern UUID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    final String item;
    final AgentProcess agent;
    final DiskImage disk;
    final Path state;

    private ReplicatingMachine(String item, AgentProcess agent, DiskImage disk, Path state) {
        this.item = item;
        this.agent = agent;
        this.disk = disk;
        this.state = state;
    }

    static ReplicatingMachine start(Path dir, String item, String policy) throws Exception {
        DiskImage disk = DiskImage.sparse(dir.resolve(item + ".img"), 64L << 20);
        disk.scatter(4L << 20, new Random(item.hashCode()));
        Path state = dir.resolve(item + "-state");
        LifeboatStack.CommandResult registered = LifeboatStack.agent("register", "--server",
                LifeboatStack.access().get("API"), "--passphrase-file",
                LifeboatStack.HOME.resolve("secrets/registration-passphrase").toString(),
                "--disk", disk.file().toString(), "--state", state.toString(), "--name", item);
        assertEquals(0, registered.exitCode(), registered.toString());
        Matcher id = UUID.matcher(registered.stdout());
        assertTrue(id.find(), registered.stdout());

        LifeboatStack.sendAsAdmin("DELETE", "/protectedItems/" + item, null); // left by an earlier run, if any
        HttpResponse<String> enabled = LifeboatStack.sendAsAdmin("PUT", "/protectedItems/" + item,
                "{\"agentId\":\"" + id.group() + "\"" + (policy == null ? "" : ",\"policy\":\"" + policy + "\"") + "}");
        assertEquals(200, enabled.statusCode(), enabled.body());
        ReplicatingMachine machine = new ReplicatingMachine(item, new AgentProcess(state).start(), disk, state);
        try {
            machine.awaitDeltaReplication();
        } catch (RuntimeException | Error | InterruptedException e) {
            machine.close(); // no agent left running behind a failed test
            throw e;
        }
        return machine;
    }

    JsonObject status() {
        HttpResponse<String> response;
        try {
            response = LifeboatStack.getAsAdmin("/protectedItems/" + item);
        } catch (IllegalStateException e) {
            // the 2-core test machine is shared: one dropped connection is not this test's failure
            response = LifeboatStack.getAsAdmin("/protectedItems/" + item);
        }
        assertEquals(200, response.statusCode(), response.body());
        return JsonBodies.object(response.body());
    }

    String diskId() {
        return status().getJsonArray("disks").getJsonObject(0).getString("diskId");
    }

    /** Takes a bookmark through the running agent and waits for its recovery point; returns the point's id. */
    String bookmark() throws InterruptedException {
        LifeboatStack.CommandResult bookmark = LifeboatStack.run(List.of("java", "-jar",
                LifeboatStack.AGENT_JAR.toString(), "bookmark", "--state", state.toString(), "--timeout", "300"),
                Duration.ofMinutes(6));
        assertEquals(0, bookmark.exitCode(), bookmark + "\n--- agent log\n" + agent.log());
        Matcher id = UUID.matcher(bookmark.stdout());
        assertTrue(id.find(), bookmark.stdout());
        String bookmarkId = id.group();
        Instant deadline = Instant.now().plus(Duration.ofMinutes(3));
        while (Instant.now().isBefore(deadline)) {
            for (JsonObject point : JsonBodies.array(LifeboatStack.getAsAdmin("/protectedItems/" + item
                    + "/recoveryPoints").body()).getValuesAs(JsonObject.class)) {
                if (bookmarkId.equals(point.getString("bookmarkId"))) {
                    return point.getString("id");
                }
            }
            Thread.sleep(500);
        }
        throw new AssertionError("no recovery point for bookmark " + bookmarkId + " within 3 minutes");
    }

    /** The SHA-256 of the recovery point's image of the disk, as the API serves it. */
    String imageSha(String point) throws IOException {
        HttpResponse<InputStream> image = LifeboatStack.streamAsAdmin("/protectedItems/" + item + "/recoveryPoints/"
                + point + "/disks/" + diskId() + "/image");
        try (InputStream in = image.body()) {
            assertEquals(200, image.statusCode());
            return DiskImage.sha256(in);
        }
    }

    /** Waits until initial replication is over and the RPO is known and small. */
    private void awaitDeltaReplication() throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(3));
        JsonObject status = status();
        while (Instant.now().isBefore(deadline)) {
            status = status();
            if (status.getInt("initialPercent") == 100 && status.containsKey("rpoSeconds")
                    && !status.isNull("rpoSeconds") && status.getJsonNumber("rpoSeconds").longValue() < 30) {
                return;
            }
            Thread.sleep(1000);
        }
        throw new AssertionError("no delta replication within 3 minutes: " + status + "\n--- agent log\n" + agent.log());
    }

    @Override
    public void close() throws Exception {
        try {
            agent.resume(); // a stopped process would not see the termination signal
        } catch (RuntimeException e) {
            // already gone
        }
        agent.close();
        LifeboatStack.sendAsAdmin("DELETE", "/protectedItems/" + item, null);
    }
}
