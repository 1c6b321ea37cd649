package org.lifeboat.agent.daemon;

import java.util.logging.LogManager;

/**
 * Keeps logging alive while the daemon shuts down. The JDK's LogManager resets (closes every
 * handler) from its own shutdown hook, which runs at the same time as the daemon's hook that
 * persists the replication state, so a failure while persisting would go unlogged.
 * {@code Main} installs it before anything logs; the JVM's exit closes the streams anyway.
 */
public final class ShutdownSafeLogManager extends LogManager {

    @Override
    public void reset() {
        // Handlers are removed explicitly where needed (OneLineLogFormat.install), never wholesale.
    }
}
