package org.lifeboat.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;
import java.util.Random;
import jakarta.json.JsonObject;

/**
 * A protected machine for the monitoring tests: a small sparse disk, the real agent registered with the
 * passphrase and running as a daemon, protected under the given policy, past initial replication.
 */
final class ReplicatingMachine implements AutoCloseable {

    final String item;
    final AgentProcess agent;
    final DiskImage disk;
    final Path state;
    final String diskId;

    private ReplicatingMachine(String item, AgentProcess agent, DiskImage disk, Path state, String diskId) {
        this.item = item;
        this.agent = agent;
        this.disk = disk;
        this.state = state;
        this.diskId = diskId;
    }

    static ReplicatingMachine start(Path dir, String item, String policy) throws Exception {
        return start(dir, item, policy, List.of());
    }

    /** As {@link #start(Path, String, String)}, the agent run with these options (e.g. freeze hooks). */
    static ReplicatingMachine start(Path dir, String item, String policy, List<String> agentOptions) throws Exception {
        DiskImage disk = DiskImage.sparse(dir.resolve(item + ".img"), 64L << 20);
        disk.scatter(4L << 20, new Random(item.hashCode()));
        return start(dir, item, policy, disk, agentOptions);
    }

    /** The same with a disk image of the caller's (a bootable one, say). */
    static ReplicatingMachine start(Path dir, String item, String policy, DiskImage disk) throws Exception {
        return start(dir, item, policy, disk, List.of());
    }

    /** The same with a disk of the caller's and the agent run with these options. */
    static ReplicatingMachine start(Path dir, String item, String policy, DiskImage disk,
                                    List<String> agentOptions) throws Exception {
        Path state = dir.resolve(item + "-state");
        String agentId = AgentProcess.register(disk.file(), state, item);

        LifeboatStack.sendAsAdmin("DELETE", "/protectedItems/" + item, null); // left by an earlier run, if any
        HttpResponse<String> enabled = LifeboatStack.sendAsAdmin("PUT", "/protectedItems/" + item,
                "{\"agentId\":\"" + agentId + "\"" + (policy == null ? "" : ",\"policy\":\"" + policy + "\"") + "}");
        assertEquals(200, enabled.statusCode(), enabled.body());
        String diskId = JsonBodies.object(enabled.body()).getJsonArray("disks").getJsonObject(0).getString("diskId");
        ReplicatingMachine machine = new ReplicatingMachine(item, new AgentProcess(state, agentOptions).start(), disk, state, diskId);
        try {
            machine.awaitDeltaReplication();
        } catch (RuntimeException | Error | InterruptedException e) {
            machine.close(); // no agent left running behind a failed test
            throw e;
        }
        return machine;
    }

    JsonObject status() {
        HttpResponse<String> response = LifeboatStack.getAsAdmin("/protectedItems/" + item);
        assertEquals(200, response.statusCode(), response.body());
        return JsonBodies.object(response.body());
    }

    /** Waits until initial replication is over and the RPO is known and small. */
    private void awaitDeltaReplication() throws InterruptedException {
        awaitDeltaReplication(this::status, agent);
    }

    /** Waits until the item whose status this reads is through initial replication with a small RPO. */
    static void awaitDeltaReplication(Supplier<JsonObject> itemStatus, AgentProcess agent) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(3));
        JsonObject status = null;
        while (Instant.now().isBefore(deadline)) {
            status = itemStatus.get();
            if (status.getInt("initialPercent") == 100 && status.containsKey("rpoSeconds")
                    && !status.isNull("rpoSeconds") && status.getJsonNumber("rpoSeconds").longValue() < 30) {
                return;
            }
            Thread.sleep(1000);
        }
        throw new AssertionError("no delta replication within 3 minutes: " + status + "\n--- agent log\n" + agent.log());
    }

    /** Takes a bookmark through the running agent and waits for its recovery point's id. */
    String bookmark() throws InterruptedException {
        return RecoveryPoints.bookmark(item, state, agent);
    }

    /** An app-consistent bookmark through the running agent, and its recovery point's id. */
    String appConsistentBookmark() throws InterruptedException {
        return RecoveryPoints.bookmark(item, state, agent, true);
    }

    /** The SHA-256 of the disk image a recovery point holds, downloaded through the API. */
    String imageSha(String point) throws IOException {
        return RecoveryPoints.imageSha(item, point, diskId);
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
