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
    final String agentId;

    /** How the registered agent's replication is enabled; returns the protected disk's id. */
    @FunctionalInterface
    interface Enabler {
        String enable(String agentId) throws Exception;
    }

    private ReplicatingMachine(String item, String agentId, AgentProcess agent, DiskImage disk, Path state,
                               String diskId) {
        this.item = item;
        this.agentId = agentId;
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
        return start(dir, item, policy, scatteredDisk(dir, item), agentOptions);
    }

    /** 64 MiB, 4 MiB of it written in scattered places. */
    private static DiskImage scatteredDisk(Path dir, String item) throws IOException {
        DiskImage disk = DiskImage.sparse(dir.resolve(item + ".img"), 64L << 20);
        disk.scatter(4L << 20, new Random(item.hashCode()));
        return disk;
    }

    /** The same with a disk image of the caller's (a bootable one, say). */
    static ReplicatingMachine start(Path dir, String item, String policy, DiskImage disk) throws Exception {
        return start(dir, item, policy, disk, List.of());
    }

    /** The same with a disk of the caller's and the agent run with these options. */
    static ReplicatingMachine start(Path dir, String item, String policy, DiskImage disk,
                                    List<String> agentOptions) throws Exception {
        return start(dir, item, disk, agentOptions, agentId -> {
            HttpResponse<String> enabled = LifeboatStack.sendAsAdmin("PUT", "/protectedItems/" + item,
                    "{\"agentId\":\"" + agentId + "\"" + (policy == null ? "" : ",\"policy\":\"" + policy + "\"")
                            + "}");
            assertEquals(200, enabled.statusCode(), enabled.body());
            return JsonBodies.object(enabled.body()).getJsonArray("disks").getJsonObject(0).getString("diskId");
        });
    }

    /** The same on the 64 MiB scattered disk, replication enabled by the caller (the console's wizard, say). */
    static ReplicatingMachine startEnabledBy(Path dir, String item, Enabler enabler) throws Exception {
        return start(dir, item, scatteredDisk(dir, item), List.of(), enabler);
    }

    private static ReplicatingMachine start(Path dir, String item, DiskImage disk, List<String> agentOptions,
                                            Enabler enabler) throws Exception {
        Path state = dir.resolve(item + "-state");
        String agentId = AgentProcess.register(disk.file(), state, item);

        LifeboatStack.sendAsAdmin("DELETE", "/protectedItems/" + item, null); // left by an earlier run, if any
        String diskId = enabler.enable(agentId);
        ReplicatingMachine machine = new ReplicatingMachine(item, agentId, new AgentProcess(state, agentOptions).start(),
                disk, state, diskId);
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

    /**
     * Waits until initial replication is over, the RPO is known and small, and the first point (the agent's own,
     * at the end of initial replication) is there: a point the test takes is then the newest. The agent reports the
     * end of initial replication at once, and the first point can come a few seconds after that.
     */
    private void awaitDeltaReplication() throws InterruptedException {
        awaitDeltaReplication(this::status, agent);
        RecoveryPoints.awaitFirst(item, Duration.ofMinutes(2));
    }

    /** Waits until the item whose status this reads is through initial replication with a small RPO. */
    static void awaitDeltaReplication(Supplier<JsonObject> itemStatus, AgentProcess agent) throws InterruptedException {
        awaitDeltaReplication(itemStatus, agent, Duration.ofMinutes(3));
    }

    /** The same with a limit of the caller's (a bigger first pass). */
    static void awaitDeltaReplication(Supplier<JsonObject> itemStatus, AgentProcess agent, Duration limit)
            throws InterruptedException {
        Instant deadline = Instant.now().plus(limit);
        JsonObject status = null;
        while (Instant.now().isBefore(deadline)) {
            status = itemStatus.get();
            if (status.getInt("initialPercent") == 100 && status.containsKey("rpoSeconds")
                    && !status.isNull("rpoSeconds") && status.getJsonNumber("rpoSeconds").longValue() < 30) {
                return;
            }
            Thread.sleep(1000);
        }
        throw new AssertionError("no delta replication within " + limit + ": " + status + "\n--- agent log\n"
                + agent.log());
    }

    /** Waits until a server's log says {@code text}, failing with this machine's diagnosis. */
    void awaitLog(Path log, String text, Duration limit) throws InterruptedException {
        awaitLog(log, 0, text, limit);
    }

    /** As {@link #awaitLog(Path, String, Duration)}, in what the log says past its first {@code from} characters. */
    void awaitLog(Path log, int from, String text, Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            String read = LifeboatStack.read(log);
            if (read.length() > from && read.substring(from).contains(text)) {
                return;
            }
            Thread.sleep(1000);
        }
        throw new AssertionError("no '" + text + "' in " + log + " within " + limit + "\n" + diagnosis());
    }

    /** Waits until the agent's log says {@code text}, failing with this machine's diagnosis. */
    void awaitAgentLog(String text, Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!agent.log().contains(text)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the agent's log has no '" + text + "' within " + limit + "\n" + diagnosis());
            }
            Thread.sleep(1000);
        }
    }

    /** What a failed wait on this machine should print: the item as the API reports it and the agent's log. */
    String diagnosis() {
        return LifeboatStack.getAsAdmin("/protectedItems/" + item).body() + "\n--- agent log\n" + agent.log();
    }

    /** Takes a bookmark through the running agent and waits for its recovery point's id. */
    String bookmark() throws InterruptedException {
        return RecoveryPoints.bookmark(item, state, agent);
    }

    /** Waits until the server received what was written before {@code written} (its uploaded source time is past it). */
    void awaitReceived(Instant written) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
        JsonObject disk = null;
        while (Instant.now().isBefore(deadline)) {
            disk = status().getJsonArray("disks").getJsonObject(0);
            if (!disk.isNull("uploadedSourceTime") && disk.containsKey("uploadedSourceTime")
                    && Instant.parse(disk.getString("uploadedSourceTime")).isAfter(written.plusSeconds(3))) {
                return;
            }
            Thread.sleep(500);
        }
        throw new AssertionError("the server did not receive the writes within 2 minutes: " + disk);
    }

    /** The agent's status of its one disk, as {@code agent status --json} prints it. */
    JsonObject agentDisk() {
        LifeboatStack.CommandResult status = LifeboatStack.agent("status", "--state", state.toString(), "--json");
        assertEquals(0, status.exitCode(), status.toString());
        return JsonBodies.object(status.stdout()).getJsonArray("disks").getJsonObject(0);
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
