package org.lifeboat.bench;

import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;

/**
 * Scale-out (issue 13): a configuration server on PostgreSQL (started by bench/scale-out/run.sh) whose built-in
 * process server is left empty, two Payara Micro process servers started here with {@code lifeboat process-server
 * start} in homes of their own, and N agents (default 20), each a sparse 64 MiB loop device with the trace tracker,
 * fio writing random blocks to all of them at a fixed total rate. Measured in one run:
 * <ol>
 * <li>the storage ceiling: Put Page calls of the writes' size into one page blob of this Azurite, 1, 8 and 16 in
 * flight (one process server's applier has 8, two have 16);</li>
 * <li>phase "1 process server": every item on ps1; phase "2 process servers": half of them switched to ps2. Per phase:
 * MB/s received and made durable in Azure by each process server (integrated from its own heartbeats: bytes received
 * from agents, and bytes uploaded to the cache container or applied straight into seed blobs), CPU-seconds per GB of
 * each process server JVM, of Azurite, of the configuration server and of the agents (/proc/PID/stat over the
 * phase), RPO p50/p99 per agent and across agents ({@code GET /protectedItems/{name}}, rpoSeconds, every 2 s);</li>
 * <li>re-homing: with the heartbeat timeout at 15 s, kill -9 of ps2 during writes; per item of ps2 the time until
 * the configuration server assigned it elsewhere and until it had a recovery point of a bookmark asked after that
 * (its source time after the kill).</li>
 * </ol>
 * Usage (by run.sh scale-out): ScaleOutBench [agents [seconds-per-phase [total-MB/s]]] (default 20 120 4);
 * SCALE_OUT_BLOCK_KIB (default 64) the size of fio's writes; SCALE_OUT_STATE the folder of its loop images, and of the
 * pids and loop devices it started (for run.sh's trap).
 */
public final class ScaleOutBench {

    private static final long DISK_BYTES = 64L << 20;
    private static final int REHOME_TIMEOUT_SECONDS = 15;
    private static final Duration REHOME_LIMIT = Duration.ofMinutes(6);

    private final BenchStack stack;
    private final Path state;
    private final int blockBytes;
    private final List<MicroServer> servers = new ArrayList<>();
    private final List<Agent> agents = new ArrayList<>();
    /** Every loop device attached, whether its agent started or not. */
    private final List<String> loops = new ArrayList<>();
    private Process fio;

    /** One protected machine: an item, its loop device and backing image, its agent. */
    private record Agent(String item, String loop, Path image, Path agentState, Process process) {
    }

    private ScaleOutBench(Path state, int blockBytes) throws Exception {
        this.stack = new BenchStack();
        this.state = state;
        this.blockBytes = blockBytes;
    }

    public static void main(String[] args) throws Exception {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        long seconds = args.length > 1 ? Long.parseLong(args[1]) : 120;
        double totalMbPerSecond = args.length > 2 ? Double.parseDouble(args[2]) : 4;
        int blockKib = Integer.parseInt(System.getenv().getOrDefault("SCALE_OUT_BLOCK_KIB", "64"));
        Path state = Path.of(System.getenv().getOrDefault("SCALE_OUT_STATE", "/tmp/lifeboat-bench-scale-out-state"));
        Files.createDirectories(state);
        ScaleOutBench bench = new ScaleOutBench(state, blockKib * 1024);
        System.out.printf("Scale-out: %d agents, each a sparse 64 MiB loop device (trace tracker), fio random %d KiB "
                        + "writes (--direct=1) at %.1f MB/s in total, %d s a phase; load average %s%n", count, blockKib,
                totalMbPerSecond, seconds, loadAverage());
        try {
            bench.run(count, seconds, totalMbPerSecond);
        } finally {
            bench.stopEverything();
            System.out.printf("load average at the end: %s%n", loadAverage());
        }
    }

    private void run(int count, long seconds, double totalMbPerSecond) throws Exception {
        Map<Integer, Double> ceiling = PutPageCeiling.measure(stack.storageConnectionString(), blockBytes, 10, 1, 8, 16);

        Instant starting = Instant.now();
        String suffix = Long.toString(System.currentTimeMillis() % 1_000_000, 36);
        MicroServer ps1 = new MicroServer("bench-ps1", BenchStack.PORT_BASE + 100, stack.home.resolveSibling(
                stack.home.getFileName() + "-ps1"));
        MicroServer ps2 = new MicroServer("bench-ps2", BenchStack.PORT_BASE + 400, stack.home.resolveSibling(
                stack.home.getFileName() + "-ps2"));
        servers.add(ps1);
        servers.add(ps2);
        inParallel(2, servers.stream().map(s -> (Task) s::start).toList());
        System.out.printf("Two Payara Micro process servers started side by side in %d s (%s on %d, %s on %d)%n",
                Duration.between(starting, Instant.now()).toSeconds(), ps1.name, ps1.portBase, ps2.name, ps2.portBase);

        Instant settingUp = Instant.now();
        // the first alone: concurrent first enables of a fresh vault both inserted the default policy, and all but one
        // failed with HTTP 500 (duplicate key on REPLICATION_POLICY, seen in this benchmark on PostgreSQL). The server
        // makes it at its start since; the bench was not run again with the first enable in parallel.
        addAgent("so-" + suffix + "-0", ps1.name);
        List<Task> setUps = new ArrayList<>();
        for (int i = 1; i < count; i++) {
            String item = "so-" + suffix + "-" + i;
            setUps.add(() -> addAgent(item, ps1.name));
        }
        inParallel(4, setUps);
        agents.sort(java.util.Comparator.comparing(a -> Integer.parseInt(a.item.substring(a.item.lastIndexOf('-') + 1))));
        List<Task> firstPoints = new ArrayList<>();
        for (Agent agent : agents) {
            firstPoints.add(() -> stack.waitForPoint(agent.item, stack.bookmark(agent.agentState)));
        }
        inParallel(4, firstPoints);
        System.out.printf("%d agents registered, assigned to %s, replicating, each with its first recovery point, in %d s "
                + "(%d MiB of agent heap each at most)%n", agents.size(), ps1.name,
                Duration.between(settingUp, Instant.now()).toSeconds(), 256);

        Phase one = measure("1 process server (" + ps1.name + ": every item; " + ps2.name + " idle)", seconds,
                totalMbPerSecond);
        one.print(ceiling);

        List<Agent> moved = new ArrayList<>();
        for (int i = 1; i < agents.size(); i += 2) {
            moved.add(agents.get(i));
            String answer = stack.send("POST", "/protectedItems/" + agents.get(i).item + "/switchProcessServer",
                    "{\"processServer\":\"" + ps2.name + "\"}");
            if (!answer.contains("\"to\"")) {
                throw new IllegalStateException("switch of " + agents.get(i).item + ": " + answer);
            }
        }
        Instant switched = Instant.now();
        int connected = awaitConnected(ps2.name, moved.size(), Duration.ofMinutes(3));
        System.out.printf("Switched %d items to %s: %d of their agents connected there after %d s%n", moved.size(),
                ps2.name, connected, Duration.between(switched, Instant.now()).toSeconds());

        Phase two = measure("2 process servers (" + agents.size() / 2 + " items each)", seconds, totalMbPerSecond);
        two.print(ceiling);

        rehome(ps2, moved, totalMbPerSecond);
    }

    // --- phases -----------------------------------------------------------------------------------

    /** What one phase measured. */
    private final class Phase {
        final String name;
        final double seconds;
        final long fioBytes;
        final Map<String, double[]> heartbeatBytes; // per process server: received, durable, seconds covered
        final Map<String, Double> cpu = new LinkedHashMap<>(); // CPU-seconds over the phase
        final Map<String, List<Long>> rpo;
        final String load;

        Phase(String name, double seconds, long fioBytes, Map<String, double[]> heartbeatBytes,
              Map<String, List<Long>> rpo, String load) {
            this.name = name;
            this.seconds = seconds;
            this.fioBytes = fioBytes;
            this.heartbeatBytes = heartbeatBytes;
            this.rpo = rpo;
            this.load = load;
        }

        void print(Map<Integer, Double> ceiling) {
            System.out.printf("== %s, %.0f s%n", name, seconds);
            System.out.printf("  fio wrote %.2f MB/s in total (the loop devices' own counters)%n", fioBytes / 1e6 / seconds);
            double received = 0;
            double durable = 0;
            for (MicroServer server : servers) {
                double[] bytes = heartbeatBytes.getOrDefault(server.name, new double[3]);
                double cpuSeconds = cpu.getOrDefault(server.name, 0.0);
                double mbIn = bytes[2] == 0 ? 0 : bytes[0] / 1e6 / bytes[2];
                double mbOut = bytes[2] == 0 ? 0 : bytes[1] / 1e6 / bytes[2];
                received += mbIn;
                durable += mbOut;
                System.out.printf("  %s: received %.2f MB/s, made durable in Azure %.2f MB/s (its heartbeats over %.0f s) "
                                + "| JVM %.1f CPU-s (%.0f %% of a core)%s%n", server.name, mbIn, mbOut, bytes[2],
                        cpuSeconds, 100 * cpuSeconds / seconds, mbIn < 0.01 ? ", idle"
                                : String.format(", %.1f CPU-s per GB received", cpuSeconds / (mbIn * seconds / 1000)));
            }
            double gbDurable = durable * seconds / 1000;
            System.out.printf("  aggregate: received %.2f MB/s, made durable %.2f MB/s; storage ceiling of this Azurite "
                            + "(%d KiB Put Page): %.2f MB/s with 8 in flight, %.2f with 16%n", received, durable,
                    blockBytes / 1024, ceiling.get(8), ceiling.get(16));
            for (String other : List.of("Azurite", "configuration server", "agents")) {
                double cpuSeconds = cpu.getOrDefault(other, 0.0);
                System.out.printf("  %s: %.1f CPU-s (%.0f %% of a core), %.1f CPU-s per GB made durable%n", other,
                        cpuSeconds, 100 * cpuSeconds / seconds, gbDurable == 0 ? 0.0 : cpuSeconds / gbDurable);
            }
            List<Long> all = new ArrayList<>();
            StringBuilder perAgent = new StringBuilder();
            long worstP99 = -1;
            String worst = "";
            for (Map.Entry<String, List<Long>> item : rpo.entrySet()) {
                all.addAll(item.getValue());
                long p99 = BenchStack.percentile(item.getValue(), 99);
                if (p99 > worstP99) {
                    worstP99 = p99;
                    worst = item.getKey();
                }
                perAgent.append(String.format(" %s %d/%d", item.getKey().substring(item.getKey().lastIndexOf('-') + 1),
                        BenchStack.percentile(item.getValue(), 50), p99));
            }
            System.out.printf("  RPO per agent, p50/p99 s (agent number):%s%n", perAgent);
            System.out.printf("  RPO across agents: p50 %d s, p99 %d s, max %d s (%d samples); the worst agent's p99 %d s "
                            + "(%s)%n", BenchStack.percentile(all, 50), BenchStack.percentile(all, 99),
                    BenchStack.percentile(all, 100), all.size(), worstP99, worst);
            System.out.printf("  load average at the end of the phase: %s%n", load);
        }
    }

    /**
     * Writes at the total rate for 10 s (so the phase measures the writes, not the idle time before them), then
     * measures for {@code seconds} while writing on.
     */
    private Phase measure(String name, long seconds, double totalMbPerSecond) throws Exception {
        startFio(seconds + 15, totalMbPerSecond);
        Thread.sleep(10_000);
        long fioBefore = sectorsWritten();
        Map<String, Long> cpuBefore = cpuTicks();
        Map<String, Instant> lastBeat = new HashMap<>();
        Map<String, double[]> bytes = new HashMap<>();
        heartbeats(lastBeat, bytes); // where each server's heartbeats stand; their bytes before this count nothing
        bytes.clear();
        Map<String, List<Long>> rpo = new LinkedHashMap<>();
        agents.forEach(a -> rpo.put(a.item, new ArrayList<>()));
        long start = System.nanoTime();
        long end = start + seconds * 1_000_000_000L;
        while (System.nanoTime() < end) {
            long round = System.nanoTime();
            for (Agent agent : agents) {
                JsonObject item = stack.itemStatus(agent.item);
                if (item.containsKey("rpoSeconds") && !item.isNull("rpoSeconds")) {
                    rpo.get(agent.item).add(item.getJsonNumber("rpoSeconds").longValue());
                }
            }
            heartbeats(lastBeat, bytes);
            Thread.sleep(Math.max(0, 2000 - (System.nanoTime() - round) / 1_000_000));
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        heartbeats(lastBeat, bytes);
        Map<String, Long> cpuAfter = cpuTicks();
        long fioBytes = (sectorsWritten() - fioBefore) * 512;
        Phase phase = new Phase(name, elapsed, fioBytes, bytes, rpo, loadAverage());
        cpuAfter.forEach((who, ticks) -> phase.cpu.put(who, (ticks - cpuBefore.getOrDefault(who, ticks)) / 100.0));
        stopFio();
        return phase;
    }

    /**
     * Adds each process server's bytes received and made durable since its previous heartbeat, for every heartbeat
     * newer than the last one seen: each heartbeat carries its rates since the one before.
     */
    private void heartbeats(Map<String, Instant> lastBeat, Map<String, double[]> bytes) throws Exception {
        for (JsonObject ps : processServers().getValuesAs(JsonObject.class)) {
            String name = ps.getString("name");
            if (!ps.containsKey("heartbeatAt") || ps.isNull("heartbeatAt")) {
                continue;
            }
            Instant beat = Instant.parse(ps.getString("heartbeatAt"));
            Instant previous = lastBeat.put(name, beat);
            if (previous != null && beat.isAfter(previous)) {
                double dt = Duration.between(previous, beat).toMillis() / 1000.0;
                double[] sum = bytes.computeIfAbsent(name, n -> new double[3]);
                sum[0] += number(ps, "ingestBytesPerSecond") * dt;
                sum[1] += number(ps, "uploadBytesPerSecond") * dt;
                sum[2] += dt;
            }
        }
    }

    private static double number(JsonObject object, String field) {
        return object.containsKey(field) && !object.isNull(field) ? object.getJsonNumber(field).doubleValue() : 0;
    }

    private JsonArray processServers() throws Exception {
        return Json.createReader(new StringReader(stack.get("/processServers"))).readArray();
    }

    private JsonObject processServer(String name) throws Exception {
        return processServers().getValuesAs(JsonObject.class).stream().filter(p -> p.getString("name").equals(name))
                .findFirst().orElseThrow(() -> new IllegalStateException("no process server " + name + " listed"));
    }

    /** Waits until the process server's heartbeat counts that many connected agents; returns the last count. */
    private int awaitConnected(String name, int wanted, Duration limit) throws Exception {
        long deadline = System.nanoTime() + limit.toNanos();
        int connected = 0;
        while (System.nanoTime() < deadline) {
            connected = (int) number(processServer(name), "connectedAgents");
            if (connected >= wanted) {
                break;
            }
            Thread.sleep(2000);
        }
        return connected;
    }

    /** CPU ticks so far of each process server JVM, Azurite, the configuration server's Payara and all agents. */
    private Map<String, Long> cpuTicks() throws Exception {
        Map<String, Long> ticks = new LinkedHashMap<>();
        for (MicroServer server : servers) {
            Long pid = server.pid();
            if (pid != null) {
                ticks.put(server.name, BenchStack.cpuTicks(pid));
            }
        }
        ticks.put("Azurite", BenchStack.cpuTicks(stack.azuritePid()));
        ticks.put("configuration server", BenchStack.cpuTicks(stack.payaraPid()));
        long sum = 0;
        for (Agent agent : agents) {
            if (agent.process.isAlive()) {
                sum += BenchStack.cpuTicks(agent.process.pid());
            }
        }
        ticks.put("agents", sum);
        return ticks;
    }

    // --- re-homing --------------------------------------------------------------------------------

    /**
     * kill -9 of the server during writes; per item of it, the time until it is assigned elsewhere and until it has a
     * recovery point of a bookmark asked once it was (the point's source time after the kill).
     */
    private void rehome(MicroServer victim, List<Agent> items, double totalMbPerSecond) throws Exception {
        stack.asadmin("create-system-properties", "lifeboat.process-server.heartbeat-timeout=" + REHOME_TIMEOUT_SECONDS);
        try {
            startFio(REHOME_LIMIT.toSeconds() + 60, totalMbPerSecond);
            Thread.sleep(15_000);
            Long pid = victim.pid();
            if (pid == null) {
                throw new IllegalStateException(victim.name + " is not running");
            }
            Instant killed = Instant.now();
            BenchStack.run(List.of("kill", "-9", String.valueOf(pid)));
            System.out.printf("== Re-homing: kill -9 of %s (pid %d) during writes at %s, heartbeat timeout set to %d s "
                    + "(re-homing looks every 10 s; agents pull their configuration every minute)%n", victim.name, pid,
                    killed, REHOME_TIMEOUT_SECONDS);
            ExecutorService threads = Executors.newFixedThreadPool(items.size());
            List<Future<String>> results = new ArrayList<>();
            for (Agent agent : items) {
                results.add(threads.submit(() -> rehomed(agent, victim.name, killed)));
            }
            List<Long> assigned = new ArrayList<>();
            List<Long> pointed = new ArrayList<>();
            for (Future<String> result : results) {
                String line = result.get(REHOME_LIMIT.toSeconds() + 120, TimeUnit.SECONDS);
                System.out.println("  " + line);
                String[] parts = line.split("\\|");
                assigned.add(Long.parseLong(parts[1].trim()));
                pointed.add(Long.parseLong(parts[2].trim()));
            }
            threads.shutdownNow();
            System.out.printf("  %d items: assigned elsewhere after max %.1f s (p50 %.1f s); a new recovery point after "
                            + "max %.1f s (p50 %.1f s); -1 = not within %d s%n", items.size(),
                    BenchStack.percentile(assigned, 100) / 1000.0, BenchStack.percentile(assigned, 50) / 1000.0,
                    BenchStack.percentile(pointed, 100) / 1000.0, BenchStack.percentile(pointed, 50) / 1000.0,
                    REHOME_LIMIT.toSeconds());
            System.out.printf("  load average: %s%n", loadAverage());
        } finally {
            stopFio();
            stack.asadmin("delete-system-property", "lifeboat.process-server.heartbeat-timeout");
        }
    }

    /** "item -> owner | ms to assigned | ms to point | detail" for one item of the killed server. */
    private String rehomed(Agent agent, String victim, Instant killed) throws Exception {
        long deadline = System.nanoTime() + REHOME_LIMIT.toNanos();
        String owner = victim;
        long assignedMs = -1;
        while (System.nanoTime() < deadline) {
            owner = stack.itemStatus(agent.item).getString("processServer");
            if (!owner.equals(victim)) {
                assignedMs = Duration.between(killed, Instant.now()).toMillis();
                break;
            }
            Thread.sleep(500);
        }
        if (assignedMs < 0) {
            return agent.item + " -> still " + victim + " | -1 | -1 | not moved";
        }
        String failure = "";
        while (System.nanoTime() < deadline) {
            int left = (int) Math.max(10, (deadline - System.nanoTime()) / 1_000_000_000L);
            try {
                String bookmark = stack.bookmark(agent.agentState, false, Math.min(left, 120));
                JsonObject point = stack.waitForPoint(agent.item, bookmark);
                long pointMs = Duration.between(killed, Instant.now()).toMillis();
                Instant source = Instant.parse(point.getString("sourceTime"));
                return String.format("%s -> %s | %d | %d | source time %s the kill", agent.item, owner, assignedMs,
                        pointMs, source.isAfter(killed) ? "after" : "NOT after");
            } catch (IllegalStateException e) {
                failure = e.getMessage().lines().reduce((a, b) -> b).orElse(""); // asked while it was disconnected
                Thread.sleep(2000);
            }
        }
        return agent.item + " -> " + owner + " | " + assignedMs + " | -1 | no point: " + failure;
    }

    // --- agents, devices, fio -----------------------------------------------------------------------

    private void addAgent(String item, String processServer) throws Exception {
        Path image = state.resolve(item + ".img");
        BenchStack.run(List.of("truncate", "-s", String.valueOf(DISK_BYTES), image.toString()));
        String loop = BenchStack.run(List.of("losetup", "-f", "--show", image.toString())).strip();
        if (!loop.startsWith("/dev/loop")) {
            throw new IllegalStateException("losetup: " + loop);
        }
        record(state.resolve("loops"), loop + " " + image);
        synchronized (loops) {
            loops.add(loop);
        }
        Path agentState = stack.protect(item, Path.of(loop));
        String answer = stack.send("POST", "/protectedItems/" + item + "/switchProcessServer",
                "{\"processServer\":\"" + processServer + "\"}");
        if (!answer.contains("\"to\"") && !answer.contains("already")) {
            throw new IllegalStateException("switch of " + item + ": " + answer);
        }
        Process process = stack.startAgent(agentState, "256m", List.of("--tracker", "auto"));
        record(state.resolve("pids"), process.pid() + " " + agentState);
        synchronized (agents) {
            agents.add(new Agent(item, loop, image, agentState, process));
        }
    }

    private void startFio(long seconds, double totalMbPerSecond) throws Exception {
        long perDevice = Math.max(4096, Math.round(totalMbPerSecond * 1e6 / agents.size()));
        List<String> command = new ArrayList<>(List.of("fio", "--rw=randwrite", "--bs=" + blockBytes, "--direct=1",
                "--rate=" + perDevice, "--runtime=" + seconds, "--time_based", "--output=/dev/null"));
        for (Agent agent : agents) {
            command.addAll(List.of("--name=" + agent.item, "--filename=" + agent.loop));
        }
        fio = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(state.resolve("fio.log").toFile())
                .start();
        record(state.resolve("pids"), fio.pid() + " --name=" + agents.get(0).item);
    }

    private void stopFio() throws InterruptedException {
        if (fio != null) {
            fio.destroy();
            if (!fio.waitFor(30, TimeUnit.SECONDS)) {
                fio.destroyForcibly();
            }
            fio = null;
        }
    }

    /** Sectors written to all the loop devices so far (field 7 of each one's block stat). */
    private long sectorsWritten() throws Exception {
        long sum = 0;
        for (Agent agent : agents) {
            String[] fields = Files.readString(Path.of("/sys/block", Path.of(agent.loop).getFileName().toString(),
                    "stat")).trim().split("\\s+");
            sum += Long.parseLong(fields[6]);
        }
        return sum;
    }

    private void stopEverything() {
        try {
            stopFio();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (Agent agent : agents) {
            try {
                BenchStack.stopAgent(agent.process);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        for (MicroServer server : servers) {
            server.stop();
        }
        for (String loop : loops) {
            try {
                BenchStack.run(List.of("losetup", "-d", loop));
            } catch (Exception e) {
                System.out.println("cleaning up " + loop + ": " + e);
            }
        }
        try (var images = Files.list(state)) {
            for (Path image : images.filter(f -> f.toString().endsWith(".img")).toList()) {
                Files.deleteIfExists(image);
            }
        } catch (Exception e) {
            System.out.println("cleaning up " + state + ": " + e);
        }
    }

    private static synchronized void record(Path file, String line) throws Exception {
        Files.writeString(file, line + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    // --- process servers ----------------------------------------------------------------------------

    /** A Payara Micro process server in a fresh home of its own, registered with the bench's configuration server. */
    private final class MicroServer {
        final String name;
        final int portBase;
        final Path home;

        MicroServer(String name, int portBase, Path home) {
            this.name = name;
            this.portBase = portBase;
            this.home = home;
        }

        void start() throws Exception {
            launcher(Map.of(), "stop"); // left by an aborted run, if any
            BenchStack.run(List.of("rm", "-rf", home.toString()));
            Map<String, String> settings = new HashMap<>();
            settings.put("LIFEBOAT_PROCESS_SERVER_NAME", name);
            settings.put("LIFEBOAT_PROCESS_SERVER_HEARTBEAT_SECONDS", "5");
            settings.put("LIFEBOAT_AZURE_STORAGE_CONNECTION_STRING", stack.storageConnectionString());
            settings.put("LIFEBOAT_AZURE_STORAGE_CA_FILE", stack.home.resolve("tls/server-cert.pem").toString());
            settings.put("LIFEBOAT_SEGMENT_KEY_FILE", stack.home.resolve("secrets/vault-key").toString());
            String out = launcher(settings, "start", "--config-server", stack.api, "--passphrase-file",
                    stack.home.resolve("secrets/registration-passphrase").toString(), "--replace-certificate");
            if (pid() == null) {
                throw new IllegalStateException("process server " + name + " did not start: " + out);
            }
        }

        Long pid() {
            try {
                Path file = home.resolve("run/process-server.pid");
                long pid = Long.parseLong(Files.readString(file).strip());
                return Files.exists(Path.of("/proc/" + pid)) ? pid : null;
            } catch (Exception e) {
                return null;
            }
        }

        void stop() {
            try {
                launcher(Map.of(), "stop");
            } catch (Exception e) {
                System.out.println("stopping " + name + ": " + e);
            }
        }

        /** The launcher's process-server command in its home; the database settings come from run.sh's environment. */
        private String launcher(Map<String, String> settings, String... args) throws Exception {
            List<String> command = new ArrayList<>(List.of(stack.root.resolve("lifeboat").toString(), "process-server"));
            command.addAll(List.of(args));
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
            builder.environment().put("LIFEBOAT_HOME", home.toString());
            builder.environment().put("LIFEBOAT_PORT_BASE", String.valueOf(portBase));
            builder.environment().put("LIFEBOAT_HOST", "localhost");
            builder.environment().putAll(settings);
            Process process = builder.start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            process.waitFor();
            return out;
        }
    }

    // --- small things -------------------------------------------------------------------------------

    private interface Task {
        void run() throws Exception;
    }

    /** Runs the tasks on that many threads and rethrows the first failure. */
    private static void inParallel(int threads, List<Task> tasks) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (Task task : tasks) {
                futures.add(pool.submit(() -> {
                    task.run();
                    return null;
                }));
            }
            // every task ends before this returns, even after a failure: none may start an agent or a loop device
            // after the benchmark stopped everything
            Exception first = null;
            for (Future<?> future : futures) {
                try {
                    future.get();
                } catch (java.util.concurrent.ExecutionException e) {
                    first = first == null ? e : first;
                }
            }
            if (first != null) {
                throw first;
            }
        } finally {
            pool.shutdown();
        }
    }

    private static String loadAverage() throws Exception {
        return Files.readString(Path.of("/proc/loadavg")).trim();
    }
}
