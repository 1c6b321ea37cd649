package org.lifeboat.recoveryplan;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs one plan script: its own process in the scripts directory, with the plan's environment, stdout and
 * stderr merged, and killed (with its children) at the timeout. Only the output's last {@value #KEPT} bytes are
 * kept, so a chatty script cannot fill the server's memory or the job's record.
 */
final class ScriptRun {

    static final int KEPT = 1500;

    /** How the script ended: its exit code (or a timeout), how long it ran, the tail of its output. */
    record Outcome(int exitCode, boolean timedOut, Duration took, String output) {
        boolean succeeded() {
            return !timedOut && exitCode == 0;
        }

        String summary() {
            String how = timedOut ? "timed out after " + took.toSeconds() + " s" : "exit " + exitCode + " after "
                    + took.toMillis() + " ms";
            return how + (output.isBlank() ? ", no output" : "; output: " + output.strip());
        }
    }

    private ScriptRun() {
    }

    static Outcome run(Path script, Path workDir, Duration timeout, Map<String, String> environment)
            throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(script.toString()).directory(workDir.toFile())
                .redirectErrorStream(true);
        builder.environment().putAll(environment);
        long start = System.nanoTime();
        Process process = builder.start();
        process.getOutputStream().close();
        Tail tail = new Tail(process.getInputStream());
        Thread reader = new Thread(tail, "plan-script-output");
        reader.setDaemon(true);
        reader.start();
        boolean ended = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (!ended) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
        reader.join(2000);
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        return new Outcome(ended ? process.exitValue() : -1, !ended, took, tail.text());
    }

    /** Reads the whole stream, keeping its last {@link #KEPT} bytes. */
    private static final class Tail implements Runnable {
        private final InputStream in;
        private final byte[] ring = new byte[KEPT];
        private long total;

        Tail(InputStream in) {
            this.in = in;
        }

        @Override
        public void run() {
            byte[] buffer = new byte[8192];
            try (in) {
                for (int n; (n = in.read(buffer)) > 0; ) {
                    synchronized (this) {
                        for (int i = 0; i < n; i++) {
                            ring[(int) (total++ % KEPT)] = buffer[i];
                        }
                    }
                }
            } catch (IOException e) {
                // the process was killed: what was read is kept
            }
        }

        synchronized String text() {
            if (total <= KEPT) {
                return new String(ring, 0, (int) total, StandardCharsets.UTF_8);
            }
            int from = (int) (total % KEPT);
            byte[] ordered = new byte[KEPT];
            System.arraycopy(ring, from, ordered, 0, KEPT - from);
            System.arraycopy(ring, 0, ordered, KEPT - from, from);
            return "[" + (total - KEPT) + " bytes before cut] " + new String(ordered, StandardCharsets.UTF_8);
        }
    }
}
