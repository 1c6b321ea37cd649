package org.lifeboat.bootverification;

import java.nio.file.Path;
import java.time.Duration;
import org.lifeboat.shared.Settings;

/**
 * How boot verification runs, from JVM options ({@code asadmin create-jvm-options}, then a restart).
 * The defaults suit the smallest server: one QEMU at a time, 512 MiB for the guest.
 */
public final class BootVerificationSettings {

    /** The QEMU to run: a name looked up on the PATH, or an absolute path. */
    public static final String QEMU = "lifeboat.boot-verification.qemu";
    /** How long a boot may take to reach its marker (and its probe to answer) when the request does not say. */
    public static final String TIME_LIMIT = "lifeboat.boot-verification.time-limit";
    /** The longest time limit a request may ask for. */
    public static final String MAX_TIME_LIMIT = "lifeboat.boot-verification.max-time-limit";
    /** Guest memory in MiB. */
    public static final String MEMORY_MIB = "lifeboat.boot-verification.memory-mib";
    /** How many verifications may run at once (each is a QEMU process and a local copy of the disks). */
    public static final String MAX_RUNNING = "lifeboat.boot-verification.max-running";
    /** Where the local copies of the disks go (default: {@code boot-verification/} in the Lifeboat home). */
    public static final String WORK_DIR = "lifeboat.boot-verification.work-dir";

    static final Duration DEFAULT_TIME_LIMIT = Duration.ofMinutes(5);
    static final Duration DEFAULT_MAX_TIME_LIMIT = Duration.ofHours(1);
    static final int DEFAULT_MEMORY_MIB = 512;
    static final int DEFAULT_MAX_RUNNING = 1;

    private BootVerificationSettings() {
    }

    static String qemu() {
        return Settings.text(QEMU, "qemu-system-x86_64");
    }

    static Duration timeLimit() {
        return Settings.duration(TIME_LIMIT, DEFAULT_TIME_LIMIT);
    }

    static Duration maxTimeLimit() {
        return Settings.duration(MAX_TIME_LIMIT, DEFAULT_MAX_TIME_LIMIT);
    }

    static int memoryMib() {
        return Math.max(64, Settings.integer(MEMORY_MIB, DEFAULT_MEMORY_MIB));
    }

    static int maxRunning() {
        return Math.max(1, Settings.integer(MAX_RUNNING, DEFAULT_MAX_RUNNING));
    }

    static Path workDir(Path home) {
        return Settings.text(WORK_DIR).map(Path::of).orElse(home.resolve("boot-verification"));
    }
}
