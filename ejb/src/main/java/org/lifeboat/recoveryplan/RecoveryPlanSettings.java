package org.lifeboat.recoveryplan;

import java.nio.file.Path;
import org.lifeboat.shared.Settings;

/** Where recovery plans' scripts live, from a JVM option ({@code asadmin create-jvm-options}, then a restart). */
public final class RecoveryPlanSettings {

    /** The only directory plan scripts may come from (default: {@code scripts/} in the Lifeboat home). */
    public static final String SCRIPTS_DIR = "lifeboat.recovery-plans.scripts-dir";

    private RecoveryPlanSettings() {
    }

    static Path scriptsDir(Path home) {
        return Settings.text(SCRIPTS_DIR).map(Path::of).orElse(home.resolve("scripts"));
    }
}
