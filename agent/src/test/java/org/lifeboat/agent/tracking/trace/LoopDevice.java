package org.lifeboat.agent.tracking.trace;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A loop device over an image file, as root: the test's disk. Detached on close, whatever happened. */
final class LoopDevice implements AutoCloseable {

    final Path device;

    private LoopDevice(Path device) {
        this.device = device;
    }

    static LoopDevice attach(Path image) throws IOException, InterruptedException {
        return new LoopDevice(Path.of(run(List.of("losetup", "-f", "--show", image.toString()))));
    }

    static void requireRoot() throws IOException {
        // CI runs as root on machines like this one: a test that needs root fails rather than skips
        if ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid") != 0) {
            throw new AssertionError("the trace tracker's tests need root (loop devices and tracefs)");
        }
    }

    @Override
    public void close() throws IOException, InterruptedException {
        run(List.of("losetup", "-d", device.toString()));
    }

    private static String run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IOException(command + " failed: " + output);
        }
        return output;
    }
}
