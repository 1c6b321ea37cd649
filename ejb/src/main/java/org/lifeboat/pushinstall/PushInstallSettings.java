package org.lifeboat.pushinstall;

import java.nio.file.Path;
import java.time.Duration;
import org.lifeboat.shared.Settings;

/** How push installation runs ({@code -D} JVM options or {@code LIFEBOAT_...} variables; see docs/agent.md). */
final class PushInstallSettings {

    /** The agent jar pushed to machines; default {@code agent/lifeboat-agent.jar} in the home (the launcher puts it there). */
    static final String AGENT_JAR = "lifeboat.push.agent-jar";
    /** The API URL the pushed agent registers with; default https://(public host):(this request's port)/lifeboat/api/v1. */
    static final String SERVER_URL = "lifeboat.push.server-url";
    /** How long a registration token stays valid after it was issued. */
    static final String TOKEN_LIFETIME = "lifeboat.push.token-lifetime";
    /** How long connecting, and each remote command, may take. */
    static final String SSH_TIMEOUT = "lifeboat.push.ssh-timeout";
    /** How long the started agent may take to send its first heartbeat. */
    static final String HEARTBEAT_WAIT = "lifeboat.push.heartbeat-wait";

    private PushInstallSettings() {
    }

    static Path agentJar(Path home) {
        return Settings.text(AGENT_JAR).map(Path::of).orElse(home.resolve("agent/lifeboat-agent.jar"));
    }

    static Duration tokenLifetime() {
        return Settings.duration(TOKEN_LIFETIME, Duration.ofMinutes(10));
    }

    static Duration sshTimeout() {
        return Settings.duration(SSH_TIMEOUT, Duration.ofSeconds(30));
    }

    static Duration heartbeatWait() {
        return Settings.duration(HEARTBEAT_WAIT, Duration.ofMinutes(2));
    }
}
