package org.lifeboat.bootverification;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Boots disk images in an isolated QEMU and watches its serial console. Isolated: TCG (no host
 * virtualization needed), no network device at all, QEMU's seccomp sandbox, and every disk attached
 * copy-on-write ({@code snapshot=on}: the guest's writes go to a temporary overlay in the scratch
 * folder, never to the image). The run ends at the marker (or the probe's answer), at a firmware or
 * kernel failure on the console, when the machine stops, or at the time limit; QEMU is killed then.
 */
final class QemuBoot {

    static final int CONSOLE_TAIL_CHARS = 4096;
    /** Lines after which no marker will come: SeaBIOS found nothing to boot, or the kernel gave up. */
    static final Pattern FAILURE = Pattern.compile("No bootable device|Kernel panic - not syncing.*");
    /** The probe's exit status comes back on a line of its own: {@code LIFEBOAT-PROBE-EXIT-<status>}. */
    static final String PROBE_EXIT = "LIFEBOAT-PROBE-EXIT-";
    private static final Pattern PROBE_ANSWER = Pattern.compile(PROBE_EXIT + "(\\d+)");
    /** The probe is typed once the console was this quiet after the marker: a shell is reading by then. */
    private static final Duration QUIET_BEFORE_PROBE = Duration.ofSeconds(1);
    private static final long POLL_MILLIS = 50;

    private final List<String> qemu;
    private final int memoryMib;
    private final Path scratch;

    /**
     * @param qemu      the QEMU command (its binary, and arguments that go first, e.g. for a test double)
     * @param scratch   where QEMU keeps the copy-on-write overlays (its TMPDIR)
     */
    QemuBoot(List<String> qemu, int memoryMib, Path scratch) {
        this.qemu = List.copyOf(qemu);
        this.memoryMib = memoryMib;
        this.scratch = scratch;
    }

    /** The command line for these raw images, the boot disk first. */
    List<String> command(List<Path> disks) {
        List<String> command = new ArrayList<>(qemu);
        command.addAll(List.of("-machine", "pc,accel=tcg", "-m", Integer.toString(memoryMib), "-smp", "1",
                "-nographic", "-serial", "stdio", "-monitor", "none", "-nic", "none", "-no-reboot",
                "-boot", "strict=on", "-sandbox", "on,obsolete=deny,elevateprivileges=deny,spawn=deny"));
        for (int i = 0; i < disks.size(); i++) {
            // the boot disk on IDE, which every BIOS-booting guest can read; the others as virtio disks
            command.addAll(List.of("-drive", "file=" + disks.get(i).toAbsolutePath() + ",format=raw,snapshot=on,"
                    + (i == 0 ? "if=ide,index=0,media=disk" : "if=virtio")));
        }
        return command;
    }

    /**
     * Boots the images and watches the console.
     *
     * @throws IOException if QEMU cannot be started or fails by itself (an exit status other than 0:
     *                     the guest stopping makes it exit with 0, given {@code -no-reboot})
     */
    BootResult boot(List<Path> disks, BootRequest request) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command(disks)).redirectErrorStream(true);
        builder.environment().put("TMPDIR", scratch.toString());
        Instant start = Instant.now();
        Process process = builder.start();
        Watch watch = new Watch(request.marker(), start.plus(request.timeLimit()));
        ConsoleTail console = new ConsoleTail(CONSOLE_TAIL_CHARS, watch::line);
        try {
            return watch(process, console, watch, request, start);
        } finally {
            process.destroy();
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        }
    }

    private static BootResult watch(Process process, ConsoleTail console, Watch watch, BootRequest request,
                                    Instant start) throws IOException, InterruptedException {
        Instant deadline = start.plus(request.timeLimit());
        InputStream out = process.getInputStream();
        byte[] buffer = new byte[8192];
        boolean probeSent = false;
        Instant lastOutput = start;
        while (true) {
            int available = out.available();
            if (available > 0) {
                console.accept(buffer, out.read(buffer, 0, Math.min(available, buffer.length)));
                lastOutput = Instant.now();
            }
            Instant now = Instant.now();
            Duration took = Duration.between(start, now);
            if (watch.failure != null) {
                return new BootResult(BootOutcome.FAILED_TO_BOOT, "the console showed: " + watch.failure, took,
                        console.text());
            }
            if (watch.markerAt != null && request.probe() == null) {
                return new BootResult(BootOutcome.BOOTED, "the console showed the marker: " + watch.markerLine,
                        Duration.between(start, watch.markerAt), console.text());
            }
            if (watch.probeExit != null) {
                return watch.probeExit == 0
                        ? new BootResult(BootOutcome.BOOTED, "the console showed the marker and the probe exited 0",
                                took, console.text())
                        : new BootResult(BootOutcome.PROBE_FAILED, "the probe exited " + watch.probeExit, took,
                                console.text());
            }
            if (!process.isAlive() && out.available() == 0) { // read all it printed: it may hold the answer
                if (process.exitValue() != 0) {
                    throw new IOException("QEMU failed (exit " + process.exitValue() + "): " + console.text().strip());
                }
                return watch.markerAt == null
                        ? new BootResult(BootOutcome.FAILED_TO_BOOT, "the machine stopped before the marker came",
                                took, console.text())
                        : new BootResult(BootOutcome.PROBE_FAILED, "the machine stopped before the probe answered",
                                took, console.text());
            }
            if (now.isAfter(deadline)) {
                return watch.markerAt == null
                        ? new BootResult(BootOutcome.FAILED_TO_BOOT, "no marker (" + request.marker().pattern()
                                + ") on the console within " + request.timeLimit().toSeconds() + " s", took,
                                console.text())
                        : new BootResult(BootOutcome.PROBE_FAILED, "the probe did not answer within "
                                + request.timeLimit().toSeconds() + " s", took, console.text());
            }
            if (watch.markerAt != null && !probeSent
                    && Duration.between(lastOutput, now).compareTo(QUIET_BEFORE_PROBE) >= 0) {
                OutputStream in = process.getOutputStream();
                in.write((request.probe() + "; echo " + PROBE_EXIT + "$?\n").getBytes(StandardCharsets.UTF_8));
                in.flush();
                probeSent = true;
            }
            if (available <= 0) {
                Thread.sleep(POLL_MILLIS);
            }
        }
    }

    /** What the console lines said so far. */
    private static final class Watch {
        private final Pattern marker;
        private final Instant deadline;
        Instant markerAt;
        String markerLine;
        String failure;
        Integer probeExit;

        Watch(Pattern marker, Instant deadline) {
            this.marker = marker;
            this.deadline = deadline;
        }

        void line(String line, boolean finished) {
            if (markerAt == null) {
                if (found(line)) {
                    markerAt = Instant.now();
                    markerLine = line.strip();
                } else if (finished && FAILURE.matcher(line).find()) {
                    failure = line.strip();
                }
            } else if (finished && probeExit == null) {
                Matcher answer = PROBE_ANSWER.matcher(line);
                if (answer.find() && answer.end() == line.length()) {
                    probeExit = Integer.parseInt(answer.group(1));
                }
            }
        }

        /** An operator's regular expression can backtrack for ages: the time limit bounds it too. */
        private boolean found(String line) {
            try {
                return marker.matcher(new UntilDeadline(line, deadline)).find();
            } catch (DeadlinePassed e) {
                return false; // the watch loop ends the run at the deadline
            }
        }
    }

    /** A line whose characters can no longer be read once the deadline passed. */
    private static final class UntilDeadline implements CharSequence {
        private final String text;
        private final Instant deadline;
        private int reads;

        UntilDeadline(String text, Instant deadline) {
            this.text = text;
            this.deadline = deadline;
        }

        @Override
        public char charAt(int index) {
            if (++reads % 4096 == 0 && Instant.now().isAfter(deadline)) { // backtracking reads the same chars again
                throw new DeadlinePassed();
            }
            return text.charAt(index);
        }

        @Override
        public int length() {
            return text.length();
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            return new UntilDeadline(text.substring(start, end), deadline);
        }

        @Override
        public String toString() {
            return text;
        }
    }

    private static final class DeadlinePassed extends RuntimeException {
        DeadlinePassed() {
            super(null, null, false, false);
        }
    }
}
