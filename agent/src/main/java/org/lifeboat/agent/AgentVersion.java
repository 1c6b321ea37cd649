package org.lifeboat.agent;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * The version of this agent build, taken from the POM when the build filters
 * {@code agent.properties}.
 */
public final class AgentVersion {

    private static final String CURRENT = load();

    private AgentVersion() {
    }

    public static String current() {
        return CURRENT;
    }

    private static String load() {
        try (InputStream in = AgentVersion.class.getResourceAsStream("agent.properties")) {
            if (in == null) {
                throw new IllegalStateException("agent.properties is missing from the agent's classpath");
            }
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
