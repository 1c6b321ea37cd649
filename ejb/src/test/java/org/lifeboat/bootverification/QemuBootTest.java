package org.lifeboat.bootverification;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The console watching, against a shell script standing in for QEMU (the real QEMU boots a real disk in
 * BootVerificationIT). The script ignores QEMU's arguments and plays a guest on stdin/stdout.
 */
class QemuBootTest {

    @TempDir
    Path dir;

    private BootResult boot(String guest, String marker, String probe, Duration limit) throws Exception {
        Path script = dir.resolve("guest.sh");
        Files.writeString(script, guest);
        Path disk = dir.resolve("disk.img");
        return new QemuBoot(List.of("sh", script.toString()), 128, dir)
                .boot(List.of(disk), new BootRequest(Pattern.compile(marker), probe, limit, null));
    }

    @Test
    void theMarkerEndsTheBootAsBootedWithTheConsoleTailWithoutEscapes() throws Exception {
        BootResult result = boot("printf '\\033c\\033[2JSeaBIOS\\r\\nBooting\\n'; sleep 0.3; echo '[ 2.7] Run /init as init process'; sleep 30",
                BootRequest.DEFAULT_MARKER, null, Duration.ofSeconds(20));
        assertEquals(BootOutcome.BOOTED, result.outcome(), result.toString());
        assertTrue(result.reason().contains("Run /init as init process"), result.reason());
        assertTrue(result.consoleTail().startsWith("SeaBIOS\nBooting\n"), result.consoleTail());
        assertTrue(result.duration().compareTo(Duration.ofSeconds(10)) < 0, result.toString());
    }

    @Test
    void aLoginPromptWithoutANewlineIsAMarker() throws Exception {
        BootResult result = boot("printf 'Debian GNU/Linux 12 host ttyS0\\n\\nhost login: '; sleep 30",
                BootRequest.DEFAULT_MARKER, null, Duration.ofSeconds(20));
        assertEquals(BootOutcome.BOOTED, result.outcome(), result.toString());
    }

    @Test
    void noBootableDeviceFailsAtOnce() throws Exception {
        BootResult result = boot("printf 'Boot failed: not a bootable disk\\r\\nNo bootable device.\\r\\n'; sleep 30",
                BootRequest.DEFAULT_MARKER, null, Duration.ofSeconds(20));
        assertEquals(BootOutcome.FAILED_TO_BOOT, result.outcome());
        assertEquals("the console showed: No bootable device.", result.reason());
        assertTrue(result.duration().compareTo(Duration.ofSeconds(10)) < 0, result.toString());
    }

    @Test
    void noMarkerWithinTheTimeLimitFails() throws Exception {
        long started = System.nanoTime();
        BootResult result = boot("echo still booting; sleep 30", "READY", null, Duration.ofSeconds(2));
        assertEquals(BootOutcome.FAILED_TO_BOOT, result.outcome());
        assertTrue(result.reason().startsWith("no marker (READY) on the console within 2 s"), result.reason());
        assertTrue(System.nanoTime() - started < Duration.ofSeconds(15).toNanos(), "the guest was stopped");
    }

    @Test
    void aMarkerThatBacktracksForeverIsStoppedByTheTimeLimit() throws Exception {
        long started = System.nanoTime();
        BootResult result = boot("printf 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!\\n'; sleep 30", "(.*a){20}$", null,
                Duration.ofSeconds(2));
        assertEquals(BootOutcome.FAILED_TO_BOOT, result.outcome(), result.toString());
        assertTrue(System.nanoTime() - started < Duration.ofSeconds(15).toNanos(), "the regular expression was cut off");
    }

    @Test
    void aGuestThatStopsBeforeTheMarkerFailed() throws Exception {
        BootResult result = boot("echo reboot: Restarting system", "READY", null, Duration.ofSeconds(20));
        assertEquals(BootOutcome.FAILED_TO_BOOT, result.outcome());
        assertEquals("the machine stopped before the marker came", result.reason());
        assertTrue(result.consoleTail().contains("Restarting system"));
    }

    private static final String SHELL = "echo READY; while read line; do echo \"$line\"; eval \"$line\"; done; sleep 30";

    @Test
    void aProbeThatExitsZeroBootsAndOneThatDoesNotFails() throws Exception {
        BootResult ok = boot(SHELL, "^READY$", "test -d /", Duration.ofSeconds(20));
        assertEquals(BootOutcome.BOOTED, ok.outcome(), ok.toString());
        assertEquals("the console showed the marker and the probe exited 0", ok.reason());

        BootResult failed = boot(SHELL, "^READY$", "test -d /no/such/dir", Duration.ofSeconds(20));
        assertEquals(BootOutcome.PROBE_FAILED, failed.outcome(), failed.toString());
        assertEquals("the probe exited 1", failed.reason());
    }

    @Test
    void aProbeWithoutAnAnswerFailsAtTheTimeLimit() throws Exception {
        BootResult result = boot("echo READY; sleep 30", "READY", "true", Duration.ofSeconds(3));
        assertEquals(BootOutcome.PROBE_FAILED, result.outcome());
        assertEquals("the probe did not answer within 3 s", result.reason());
    }

    @Test
    void qemuFailingByItselfIsAnErrorNotAnOutcome() {
        IOException e = assertThrows(IOException.class, () -> boot(
                "echo 'qemu-system-x86_64: -drive file=x: Could not open' >&2; exit 1", "READY", null,
                Duration.ofSeconds(20)));
        assertTrue(e.getMessage().contains("exit 1") && e.getMessage().contains("Could not open"), e.getMessage());
    }

    @Test
    void theCommandLineHasNoNetworkAndWritesNothingToTheImages() {
        List<String> command = new QemuBoot(List.of("qemu-system-x86_64"), 512, dir)
                .command(List.of(Path.of("/d/boot.img"), Path.of("/d/data.img")));
        String line = String.join(" ", command);
        assertTrue(line.contains("-nic none"), line);
        assertTrue(line.contains("accel=tcg"), line);
        assertTrue(line.contains("-drive file=/d/boot.img,format=raw,snapshot=on,if=ide,index=0"), line);
        assertTrue(line.contains("-drive file=/d/data.img,format=raw,snapshot=on,if=virtio"), line);
        assertFalse(line.contains("-netdev"), line);
        assertEquals(2, command.stream().filter(a -> a.contains("snapshot=on")).count());
    }
}
