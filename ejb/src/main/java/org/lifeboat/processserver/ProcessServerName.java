package org.lifeboat.processserver;

import org.lifeboat.shared.Settings;

/**
 * The name of the process server this code runs in: {@value #BUILT_IN} for the configuration server's own, the
 * launcher's {@code -Dlifeboat.process-server.name} for a scale-out one on Payara Micro. Segments in the cache
 * container are tagged with it, so that each log applier takes only its own server's while several share the
 * database.
 */
public final class ProcessServerName {

    public static final String BUILT_IN = "builtin";

    private ProcessServerName() {
    }

    public static String current() {
        return Settings.text("lifeboat.process-server.name", BUILT_IN);
    }

    public static boolean isBuiltIn(String name) {
        return BUILT_IN.equals(name);
    }
}
