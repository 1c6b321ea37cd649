package org.lifeboat.agent.bookmark;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * An operator's command run around an app-consistent bookmark, e.g. {@code fsfreeze -f /data}
 * before and {@code fsfreeze -u /data} after, through {@code /bin/sh -c} with a time limit.
 */
public final class HookCommand {

    private static final int OUTPUT_TAIL = 4096;

    private final String role;
    private final String command;
    private final Duration timeout;

    /**
     * @param role what the command is for, as messages name it, e.g. "pre-freeze"
     */
    public HookCommand(String role, String command, Duration timeout) {
        this.role = role;
        this.command = command;
        this.timeout = timeout;
    }

    /**
     * Runs the command; past the time limit it is killed with everything it started.
     *
     * @return empty if it exited with status 0, otherwise why it failed
     */
    public Optional<String> run() throws InterruptedException {
        Process process;
        try {
            process = new ProcessBuilder("/bin/sh", "-c", command).redirectErrorStream(true).start();
            process.getOutputStream().close();
        } catch (IOException e) {
            return Optional.of("cannot start '" + command + "': " + e.getMessage());
        }
        OutputTail output = new OutputTail(process.getInputStream());
        Thread reader = new Thread(output, "lifeboat-" + role + "-output");
        reader.setDaemon(true);
        reader.start();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            return Optional.of("'" + command + "' did not finish within " + timeout.toSeconds() + " s and was killed");
        }
        // Output a background child still holds open is not waited for.
        reader.join(1_000);
        if (process.exitValue() != 0) {
            String last = output.lastLine();
            return Optional.of("'" + command + "' exited with status " + process.exitValue()
                    + (last.isEmpty() ? "" : ": " + last));
        }
        return Optional.empty();
    }

    /** Keeps the end of a command's output, to quote its last line when it fails. */
    private static final class OutputTail implements Runnable {

        private final InputStream in;
        private final byte[] tail = new byte[OUTPUT_TAIL];
        private int length;

        OutputTail(InputStream in) {
            this.in = in;
        }

        @Override
        public void run() {
            byte[] buffer = new byte[8192];
            try (in) {
                for (int read; (read = in.read(buffer)) > 0; ) {
                    append(buffer, read);
                }
            } catch (IOException e) {
                // The command is gone; what was read is all there is.
            }
        }

        private synchronized void append(byte[] buffer, int read) {
            int keep = Math.min(read, OUTPUT_TAIL);
            int shift = Math.max(0, length + keep - OUTPUT_TAIL);
            System.arraycopy(tail, shift, tail, 0, length - shift);
            length -= shift;
            System.arraycopy(buffer, read - keep, tail, length, keep);
            length += keep;
        }

        synchronized String lastLine() {
            String text = new String(tail, 0, length, StandardCharsets.UTF_8).strip();
            return text.substring(text.lastIndexOf('\n') + 1).strip();
        }
    }
}
