package org.lifeboat.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assertions;

/** A mobility agent daemon ({@code agent run}) in its own process, as on a protected machine. */
final class AgentProcess implements AutoCloseable {

    private static final Pattern UUID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    private final Path state;
    private final Path log;
    private final List<String> runOptions;
    private Process process;

    AgentProcess(Path state) {
        this(state, List.of());
    }

    /** An agent run with these options of {@code run} (e.g. {@code --pre-freeze CMD --post-thaw CMD}). */
    AgentProcess(Path state, List<String> runOptions) {
        this.state = state;
        this.log = state.resolveSibling(state.getFileName() + "-agent.log");
        this.runOptions = List.copyOf(runOptions);
    }

    /**
     * Registers a machine's disk with a Lifeboat server ({@code agent register} with the server's passphrase) into
     * the state directory; returns the agent's id.
     */
    static String register(String api, Path passphraseFile, Path disk, Path state, String name) {
        LifeboatStack.CommandResult registered = LifeboatStack.agent("register", "--server", api, "--passphrase-file",
                passphraseFile.toString(), "--disk", disk.toString(), "--state", state.toString(), "--name", name);
        Assertions.assertEquals(0, registered.exitCode(), registered.toString());
        Matcher id = UUID.matcher(registered.stdout());
        Assertions.assertTrue(id.find(), registered.stdout());
        return id.group();
    }

    /** As {@link #register(String, Path, Path, Path, String)}, with the build's shared stack. */
    static String register(Path disk, Path state, String name) {
        return register(LifeboatStack.access().get("API"),
                LifeboatStack.HOME.resolve("secrets/registration-passphrase"), disk, state, name);
    }

    /** Starts the daemon and waits until it answers on its control socket. */
    AgentProcess start() throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("java", "-Xmx256m", "-jar",
                LifeboatStack.AGENT_JAR.toString(), "run", "--state", state.toString()));
        command.addAll(runOptions);
        process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        long deadline = System.currentTimeMillis() + 60_000;
        while (LifeboatStack.agent("status", "--state", state.toString()).exitCode() != 0) {
            if (!process.isAlive() || System.currentTimeMillis() > deadline) {
                throw new IllegalStateException("the agent did not come up:\n" + log());
            }
            Thread.sleep(500);
        }
        return this;
    }

    /** Like a power cut on the protected machine: no shutdown hook runs. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** Freezes the daemon ({@code kill -STOP}), like a machine that hangs: no data, no heartbeat. */
    void pause() throws IOException, InterruptedException {
        signal("STOP");
    }

    /** Lets a paused daemon carry on ({@code kill -CONT}). */
    void resume() throws IOException, InterruptedException {
        signal("CONT");
    }

    private void signal(String name) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + name, String.valueOf(process.pid())).inheritIO().start();
        if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
            throw new IllegalStateException("kill -" + name + " " + process.pid() + " failed");
        }
    }

    String log() {
        try {
            return Files.exists(log) ? Files.readString(log) : "";
        } catch (IOException e) {
            return "(log unreadable: " + e.getMessage() + ")";
        }
    }

    boolean isAlive() {
        return process != null && process.isAlive();
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }
}
